import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LastGoodAnswerStore } from '../../src/legacy/resilience/last-good-answer.store.js';
import { AzureTableStateStore } from '../../src/storage/state/azure-table-state-store.adapter.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import type { StateStore } from '../../src/storage/state/state-store.port.js';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';

/**
 * Last good answers on the real state store adapters, as two facade instances share them: what one instance kept,
 * another serves to the same user only; sweeps by both at once delete each expired answer once and nothing else.
 */
const HOUR = 3_600_000;
/** Legacy usernames as they come: dots, apostrophes, slashes and the like must stay their own partition. */
const ODD_USER = "o'brien/x#y?z";

interface Pair {
  readonly store: StateStore;
  readonly peer: StateStore;
  readonly dispose: () => Promise<void>;
}

function lastGoodAnswersContract(name: string, open: () => Promise<Pair>): void {
  describe(`last good answers on ${name}`, () => {
    let pair: Pair;
    let now = Date.UTC(2026, 11, 4, 9, 0, 0);
    const answersOn = (store: StateStore) => new LastGoodAnswerStore(store, 'StaleReads', { maxAgeMs: HOUR, maxEntryBytes: 262_144, maxEntriesPerUser: 3, now: () => now });

    beforeAll(async () => {
      pair = await open();
    });
    afterAll(async () => {
      await pair.dispose();
    });

    it('serves what one instance kept from another, to that user only', async () => {
      const one = answersOn(pair.store);
      const other = answersOn(pair.peer);
      one.remember(ODD_USER, '7.listDocuments', [{ documentId: '1', title: 'Statement' }]);
      one.remember('alice', '7.listDocuments', [{ documentId: '2', title: 'Exhibit' }]);
      await one.settled();
      now += 60_000;
      expect(await other.recall(ODD_USER, '7.listDocuments')).toEqual({ value: [{ documentId: '1', title: 'Statement' }], ageMs: 60_000 });
      expect(await other.recall('alice', '7.listDocuments')).toMatchObject({ value: [{ documentId: '2', title: 'Exhibit' }] });
      expect(await other.recall('bob', '7.listDocuments')).toBe('none');
      expect(await other.recall(ODD_USER, '7.getCaseSummary')).toBe('none');
    });

    it('sweeps from several instances at once: each expired or surplus answer goes once, the rest stay', async () => {
      const one = answersOn(pair.store);
      const other = answersOn(pair.peer);
      now += 2 * HOUR;
      for (const key of ['a', 'b', 'c', 'd']) {
        one.remember('carol', key, key);
        now += 1;
      }
      await one.settled();
      const [first, second] = await Promise.all([one.sweep(), other.sweep()]);
      // alice's and the odd user's answers are past the hour; carol keeps her newest three of four.
      expect(first + second).toBe(3);
      expect((await pair.store.list('StaleReads', 'carol')).map((entity) => entity.key)).toEqual(['b', 'c', 'd']);
      expect(await pair.store.partitions('StaleReads')).toEqual(['carol']);
    });
  });
}

describe('SQLite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stale-answers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  lastGoodAnswersContract('SQLite (two connections)', () => {
    const path = join(dir, 'state.sqlite');
    const store = SqliteStateStore.fromConfig({ path });
    const peer = SqliteStateStore.fromConfig({ path });
    return Promise.resolve({ store, peer, dispose: async () => void (await Promise.all([store.close(), peer.close()])) });
  });
});

describe('Azure Table Storage on Azurite', () => {
  let azurite: AzuriteInstance;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });
  lastGoodAnswersContract('Azure Table (Azurite)', () => {
    const connection = { connectionString: azurite.connectionString };
    const tablePrefix = `s${randomBytes(4).toString('hex')}`;
    // readinessTimeoutMs: a ceiling for Azurite on a loaded machine.
    const store = AzureTableStateStore.fromConfig(connection, { tablePrefix, readinessTimeoutMs: 60_000 });
    const peer = AzureTableStateStore.fromConfig(connection, { tablePrefix, readinessTimeoutMs: 60_000 });
    return Promise.resolve({ store, peer, dispose: async () => void (await Promise.all([store.close(), peer.close()])) });
  });
});
