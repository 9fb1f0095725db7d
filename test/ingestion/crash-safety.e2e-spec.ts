import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { resolveWorkerModule } from '../../src/conversion/sandbox/index.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import type { TrackerJson } from './helpers/ingestion-app.js';

const CASE_ID = '2';
const CHILD = resolveWorkerModule(new URL('./helpers/crash-child.js', import.meta.url));

interface RunningChild {
  readonly process: ChildProcess;
  readonly base: string;
  readonly token: string;
}

describe('crash safety: kill -9 mid-run, restart, refresh again', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-crash-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
    env = { APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, 'facade'), OCR: 'off', INGESTION_CONCURRENCY: '2' };
  }, 30_000);

  afterAll(async () => {
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startChild(): Promise<RunningChild> {
    const legacy = { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword };
    const child = spawn(process.execPath, [...CHILD.execArgv, new URL(CHILD.url).pathname, JSON.stringify({ env, legacy, memoryQueue: false })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', (line) => resolve(line));
      child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}`)));
    });
    const { base, token } = JSON.parse(first) as { base: string; token: string };
    return { process: child, base, token };
  }

  const call = (child: RunningChild, pathname: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${child.base}${pathname}`, { ...init, headers: { authorization: `Bearer ${child.token}` } });

  async function kill(child: RunningChild): Promise<void> {
    const exited = new Promise((resolve) => child.process.once('exit', resolve));
    child.process.kill('SIGKILL');
    await exited;
  }

  it('indexes every document exactly once however often the process dies', async () => {
    // Kill points: during listing/fetching, mid-conversion, mid-extraction/indexing.
    for (const killAfterMs of [150, 900, 2_000, 3_500]) {
      const child = await startChild();
      const refresh = await call(child, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' });
      expect([202, 503]).toContain(refresh.status);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await kill(child);
    }
    const child = await startChild();
    let tracker: TrackerJson;
    let listedIds: string[];
    try {
      const listed = (await (await call(child, `/api/v1/cases/${CASE_ID}/documents`)).json()) as { documents: { documentId: string }[] };
      listedIds = listed.documents.map((document) => document.documentId).sort();
      expect(listedIds.length).toBeGreaterThan(3);
      expect((await call(child, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' })).status).toBe(202);
      const deadline = Date.now() + 120_000;
      for (;;) {
        tracker = (await (await call(child, `/api/v1/cases/${CASE_ID}/tracker`)).json()) as TrackerJson;
        if (tracker.status === 'done' || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await kill(child);
    }
    expect(tracker.status).toBe('done');

    // None lost: every listed document is tracked and finished.
    expect(tracker.documents.filter((document) => document.childIndex === null).map((document) => document.documentId).sort()).toEqual(listedIds);
    expect(tracker.progress.new).toBe(0);

    // None twice: the index holds exactly the lines of each indexed version, and nothing of any other.
    const index = SqliteFtsSearchIndex.fromConfig({ path: path.join(dataDir, 'facade', 'search.sqlite') });
    try {
      for (const document of tracker.documents) {
        if (document.status !== 'indexed') continue;
        expect(document.lineCount).not.toBeNull();
        expect(await index.countLines(CASE_ID, document.documentId, document.versionId)).toBe(document.lineCount);
      }
      const indexed = tracker.documents.filter((document) => document.status === 'indexed');
      expect(indexed.length).toBeGreaterThan(tracker.documents.length / 2);
    } finally {
      await index.close?.();
    }
  }, 300_000);

});
