import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { parseConfig } from '../config/app-config.js';
import { STATE_STORE, type StateStore } from './state/state-store.port.js';
import { SqliteStateStore } from './state/sqlite-state-store.adapter.js';
import { StorageModule } from './storage.module.js';

@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class RegistryModule {}

describe('StorageModule', () => {
  it('builds the SQLite store from config, reports its readiness and closes it on shutdown', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storage-module-'));
    try {
      const config = parseConfig({ DATA_DIR: join(dir, 'data') });
      const moduleRef = await Test.createTestingModule({ imports: [{ module: RegistryModule, global: true }, StorageModule.forRoot(config)] }).compile();
      const store = moduleRef.get<StateStore>(STATE_STORE);
      expect(store).toBeInstanceOf(SqliteStateStore);
      await store.put('routestate', 'routes', 'cases.getSummary', { mode: 'legacy' });
      expect((await stat(join(dir, 'data', 'state.sqlite'))).isFile()).toBe(true);

      const checks = new Map(moduleRef.get(ReadinessRegistry).entries());
      expect(await checks.get('stateStore')!()).toEqual({ sqlite: { up: true } });

      moduleRef.enableShutdownHooks();
      await moduleRef.close();
      expect(await store.readiness()).toEqual({ sqlite: { up: false, detail: 'closed' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses a given store, leaves it open, and works without a readiness registry', async () => {
    const given = SqliteStateStore.fromConfig({ path: ':memory:' });
    const moduleRef = await Test.createTestingModule({ imports: [StorageModule.forRoot(parseConfig({}), { stateStore: given })] }).compile();
    expect(moduleRef.get(STATE_STORE)).toBe(given);
    await moduleRef.close();
    await given.put('routestate', 'routes', 'k', 1);
    expect((await given.get('routestate', 'routes', 'k'))?.value).toBe(1);
    expect(await given.readiness()).toEqual({ sqlite: { up: true } });
    await given.close();
  });
});
