import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AzureTableStateStore } from '../../src/storage/state/azure-table-state-store.adapter.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';
import { stateStoreContract } from './state-store.contract-suite.js';

stateStoreContract('in-memory', () => {
  const store = InMemoryStateStore.fromConfig();
  return Promise.resolve({ store, peer: store, dispose: () => store.close() });
});

describe('SQLite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'state-sqlite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Two connections on one file, as two facade processes would have.
  stateStoreContract('SQLite', () => {
    const path = join(dir, `${randomBytes(6).toString('hex')}`, 'state.sqlite');
    const store = SqliteStateStore.fromConfig({ path });
    const peer = SqliteStateStore.fromConfig({ path });
    return Promise.resolve({
      store,
      peer,
      dispose: async () => {
        await store.close();
        await peer.close();
      },
    });
  });

  it('keeps its state across a reopen and reports itself down once closed', async () => {
    const path = join(dir, 'reopen', 'state.sqlite');
    const first = SqliteStateStore.fromConfig({ path });
    const written = await first.put('routestate', 'routes', 'cases.getSummary', { mode: 'shadow' });
    await first.close();
    expect(await first.readiness()).toEqual({ sqlite: { up: false, detail: 'closed' } });
    const second = SqliteStateStore.fromConfig({ path });
    expect(await second.get('routestate', 'routes', 'cases.getSummary')).toEqual(written);
    await second.close();
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

  // Each test gets its own tables through a fresh prefix.
  stateStoreContract('Azure Table (Azurite)', () => {
    const connection = { connectionString: azurite.connectionString };
    const tablePrefix = `t${randomBytes(4).toString('hex')}`;
    // readinessTimeoutMs: a ceiling for Azurite on a loaded machine (only an unreachable account should trip it).
    const store = AzureTableStateStore.fromConfig(connection, { tablePrefix, readinessTimeoutMs: 60_000 });
    const peer = AzureTableStateStore.fromConfig(connection, { tablePrefix, readinessTimeoutMs: 60_000 });
    return Promise.resolve({
      store,
      peer,
      dispose: async () => {
        await store.close();
        await peer.close();
      },
    });
  });

  it('reports itself down when the account cannot be reached', async () => {
    const unreachable = AzureTableStateStore.fromConfig({ connectionString: azurite.connectionString.replace(/TableEndpoint=http:\/\/127\.0\.0\.1:\d+/, 'TableEndpoint=http://127.0.0.1:9') }, { readinessTimeoutMs: 300 });
    const readiness = await unreachable.readiness();
    expect(readiness.azureTable.up).toBe(false);
    expect(readiness.azureTable.detail).toBeDefined();
  });

  it('refuses a value larger than an entity holds, writing nothing', async () => {
    const store = AzureTableStateStore.fromConfig({ connectionString: azurite.connectionString }, { tablePrefix: 'big' });
    await expect(store.put('values', 'p', 'k', 'x'.repeat(1_000_000))).rejects.toThrow(/larger than Azure Table Storage holds/);
    expect(await store.get('values', 'p', 'k')).toBeNull();
  });
});
