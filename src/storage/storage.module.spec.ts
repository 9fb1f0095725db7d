import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { parseConfig } from '../config/app-config.js';
import { BLOB_STORE, type BlobStore } from './blob/blob-store.port.js';
import { FsBlobStore } from './blob/fs-blob-store.adapter.js';
import { InProcessJobQueue } from './queue/in-process-job-queue.adapter.js';
import { JOB_QUEUE, type JobQueue } from './queue/job-queue.port.js';
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
      // The blob store and job queue come from the same config section and module.
      expect(moduleRef.get<BlobStore>(BLOB_STORE)).toBeInstanceOf(FsBlobStore);
      expect(moduleRef.get<JobQueue>(JOB_QUEUE)).toBeInstanceOf(InProcessJobQueue);
      expect([...checks.keys()].sort()).toEqual(['blobStore', 'jobQueue', 'stateStore']);
      expect((await stat(join(dir, 'data', 'blobs'))).isDirectory()).toBe(true);

      moduleRef.enableShutdownHooks();
      await moduleRef.close();
      expect(await store.readiness()).toEqual({ sqlite: { up: false, detail: 'closed' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses a given store, leaves it open, and works without a readiness registry', async () => {
    const given = SqliteStateStore.fromConfig({ path: ':memory:' });
    const blobs = { readiness: () => Promise.resolve({}) } as unknown as BlobStore;
    const queue = { readiness: () => Promise.resolve({}) } as unknown as JobQueue;
    const moduleRef = await Test.createTestingModule({ imports: [StorageModule.forRoot(parseConfig({}), { stateStore: given, blobStore: blobs, jobQueue: queue })] }).compile();
    expect(moduleRef.get(STATE_STORE)).toBe(given);
    expect(moduleRef.get(BLOB_STORE)).toBe(blobs);
    expect(moduleRef.get(JOB_QUEUE)).toBe(queue);
    await moduleRef.close();
    await given.put('routestate', 'routes', 'k', 1);
    expect((await given.get('routestate', 'routes', 'k'))?.value).toBe(1);
    expect(await given.readiness()).toEqual({ sqlite: { up: true } });
    await given.close();
  });
});
