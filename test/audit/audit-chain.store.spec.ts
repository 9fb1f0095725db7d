import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordKey } from '../../src/audit/audit-chain.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { AUDIT_TABLE, AuditTrail } from '../../src/audit/audit-trail.service.js';
import { runAuditCommand } from '../../src/audit/audit-verify.command.js';
import { QueryHasher } from '../../src/audit/query-hasher.js';
import { AzureTableStateStore } from '../../src/storage/state/azure-table-state-store.adapter.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import type { StateStore } from '../../src/storage/state/state-store.port.js';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';

interface Backend {
  /** Two connections to one store: the writers' and the tamperer's. */
  open(): { store: StateStore; tamperer: StateStore };
}

const DAY = '2026-12-04';
const at = (second: number): Date => new Date(`${DAY}T10:00:${String(second).padStart(2, '0')}.000Z`);

/** `npm run audit -- verify` on a store: the exit code and what it printed. */
async function verify(store: StateStore): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runAuditCommand(['verify'], store, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { code, out: lines.join('\n') };
}

/** Two writers (two facade instances) write a chain each, concurrently. */
async function writeTwoChains(store: StateStore): Promise<string> {
  let tick = 0;
  const one = new AuditTrail(store, { writerId: 'api-1', now: () => at(tick++ % 60) });
  const two = new AuditTrail(store, { writerId: 'api-2', now: () => at(tick++ % 60) });
  await Promise.all(
    Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? one : two).record({ action: 'case.summary.read', actor: `user${i % 3}`, target: `case/${i}`, caseId: String(i), status: 200 })),
  );
  return `${DAY}~api-1`;
}

function chainSuite(name: string, backend: () => Backend): void {
  describe(`the audit chain on ${name}`, () => {
    it('verifies whole chains written by two writers at once', async () => {
      const { store } = backend().open();
      await writeTwoChains(store);
      const { code, out } = await verify(store);
      expect(out).toContain('2 chains, 30 records: every chain is whole');
      expect(code).toBe(0);
    });

    it('catches an edited record', async () => {
      const { store, tamperer } = backend().open();
      const chain = await writeTwoChains(store);
      const row = (await tamperer.get<AuditRecord>(AUDIT_TABLE, chain, recordKey(4)))!;
      await tamperer.put(AUDIT_TABLE, chain, recordKey(4), { ...row.value, actor: 'someone.else' });
      const { code, out } = await verify(store);
      expect(out).toMatch(new RegExp(`EDITED  ${chain}  ${recordKey(4)}`));
      expect(code).toBe(1);
    });

    it('catches a deleted record', async () => {
      const { store, tamperer } = backend().open();
      const chain = await writeTwoChains(store);
      expect(await tamperer.delete(AUDIT_TABLE, chain, recordKey(7))).toBe(true);
      const { code, out } = await verify(store);
      expect(out).toMatch(new RegExp(`DELETED  ${chain}  ${recordKey(8)}`));
      expect(code).toBe(1);
    });

    it('catches reordered records', async () => {
      const { store, tamperer } = backend().open();
      const chain = await writeTwoChains(store);
      const [two, three] = [(await tamperer.get<AuditRecord>(AUDIT_TABLE, chain, recordKey(2)))!, (await tamperer.get<AuditRecord>(AUDIT_TABLE, chain, recordKey(3)))!];
      await tamperer.put(AUDIT_TABLE, chain, recordKey(2), three.value);
      await tamperer.put(AUDIT_TABLE, chain, recordKey(3), two.value);
      const { code, out } = await verify(store);
      expect(out).toMatch(new RegExp(`REORDERED  ${chain}  ${recordKey(2)}`));
      expect(out).toMatch(new RegExp(`REORDERED  ${chain}  ${recordKey(3)}`));
      expect(code).toBe(1);
    });
  });
}

describe('audit chain on real stores', () => {
  let dir: string;
  let azurite: AzuriteInstance;
  const opened: StateStore[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-chain-'));
    azurite = await startAzurite();
  });
  afterAll(async () => {
    for (const store of opened) await store.close();
    await azurite?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  chainSuite('SQLite', () => ({
    open: () => {
      const path = join(dir, randomBytes(6).toString('hex'), 'state.sqlite');
      const pair = { store: SqliteStateStore.fromConfig({ path }), tamperer: SqliteStateStore.fromConfig({ path }) };
      opened.push(pair.store, pair.tamperer);
      return pair;
    },
  }));

  chainSuite('Azure Table Storage (Azurite)', () => ({
    open: () => {
      const tablePrefix = `a${randomBytes(4).toString('hex')}`;
      const connection = { connectionString: azurite.connectionString };
      return { store: AzureTableStateStore.fromConfig(connection, { tablePrefix }), tamperer: AzureTableStateStore.fromConfig(connection, { tablePrefix }) };
    },
  }));

  it('answers 2 with the usage for anything but verify', async () => {
    const lines: string[] = [];
    const store = SqliteStateStore.fromConfig({ path: ':memory:' });
    opened.push(store);
    expect(await runAuditCommand(['delete'], store, { out: (line) => lines.push(line), err: (line) => lines.push(line) })).toBe(2);
    expect(lines.join('\n')).toContain('usage: npm run audit -- verify');
  });

  it('keeps the generated query key under DATA_DIR, private, and the same across restarts', async () => {
    const keyFile = join(dir, 'data', 'audit', 'query-hash-key');
    const [first, second] = await Promise.all([QueryHasher.fromKeyFile(keyFile), QueryHasher.fromKeyFile(keyFile)]);
    const third = await QueryHasher.fromKeyFile(keyFile);
    expect(first.hash('knife')).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(second.hash('knife')).toBe(first.hash('knife'));
    expect(third.hash('knife')).toBe(first.hash('knife'));
    expect(first.hash('knife')).not.toBe(first.hash('knives'));
    expect(QueryHasher.fromKey('x'.repeat(32)).hash('knife')).not.toBe(first.hash('knife'));
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });
});
