import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REDACTION_SESSIONS_TABLE } from '../../../src/redaction/session/redaction-session.store.js';
import type { RedactionSessionRecord } from '../../../src/redaction/session/redaction-session.types.js';
import { startStandIn, type RunningStandIn } from '../../../src/stand-in/stand-in.js';
import { SqliteStateStore } from '../../../src/storage/state/sqlite-state-store.adapter.js';
import { eventually } from '../../helpers/eventually.js';
import { callCrashChild, killCrashChild, startCrashChild, type CrashChild } from '../../ingestion/helpers/crash-child-process.js';

const CASE_ID = '1';

/**
 * A facade killed (SIGKILL) after it recorded the end of a session and before it cancelled the legacy check-out:
 * the next facade over the same state finishes the cancel (its sweeper, once the dead one's lease runs out).
 */
describe('a crash between recording a session end and cancelling the check-out is recovered (e2e, kill -9)', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let env: Record<string, string>;
  const children: CrashChild[] = [];

  const checkedOutBy = async (documentId: string): Promise<string | null> =>
    ((await (await fetch(`${standIn.adminUrl}/cases/${CASE_ID}/documents/${documentId}`, { headers: { 'x-admin-key': standIn.adminKey } })).json()) as { checkedOutBy: string | null }).checkedOutBy;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-session-crash-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
    // A sweep every quarter second: the dead facade's sweeper lease (three intervals) runs out soon; a ceiling for the wait, never asserted.
    env = { APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, 'facade'), OCR: 'off', CASE_ACCESS_CACHE_MS: '0', LEGACY_TIMEOUT_MS: '120000', REDACTION_SESSION_SWEEP_MS: '250' };
  });

  afterAll(async () => {
    for (const child of children) await killCrashChild(child);
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the check-out is cancelled and the session removed by the restarted facade', async () => {
    const first = await startCrashChild(standIn, { ...env, REDACTION_SESSION_CRASH_AT: 'ending-recorded' });
    children.push(first);
    const documents = ((await (await callCrashChild(first, `/api/v1/cases/${CASE_ID}/documents`)).json()) as { documents: { documentId: string; versionId: string; parentDocumentId: string | null }[] }).documents;
    const document = documents.find((candidate) => candidate.parentDocumentId === null)!;
    const sessionPath = `/api/v1/cases/${CASE_ID}/documents/${document.documentId}/versions/${document.versionId}/redaction-session`;
    expect((await callCrashChild(first, sessionPath, { method: 'POST' })).status).toBe(201);
    expect(await checkedOutBy(document.documentId)).toBe('alice.admin');

    const exited = new Promise((resolve) => first.process.once('exit', (_code, signal) => resolve(signal)));
    await callCrashChild(first, sessionPath, { method: 'DELETE' }).catch(() => null);
    expect(await exited).toBe('SIGKILL');
    // The intent survived the crash; the legacy check-out did not get cancelled.
    const state = SqliteStateStore.fromConfig({ path: path.join(dataDir, 'facade', 'state.sqlite') });
    try {
      const left = await state.get<RedactionSessionRecord>(REDACTION_SESSIONS_TABLE, CASE_ID, document.documentId);
      expect(left?.value).toMatchObject({ state: 'ending', endReason: 'cancelled', holder: 'alice.admin' });
    } finally {
      await state.close();
    }
    expect(await checkedOutBy(document.documentId)).toBe('alice.admin');

    const second = await startCrashChild(standIn, env);
    children.push(second);
    await eventually(async () => (await checkedOutBy(document.documentId)) === null, 'the restarted facade to cancel the check-out');
    await eventually(async () => (await callCrashChild(second, sessionPath)).status === 404, 'the session to be removed');
    // The document is free: a new session can start.
    expect((await callCrashChild(second, sessionPath, { method: 'POST' })).status).toBe(201);
    expect((await callCrashChild(second, sessionPath, { method: 'DELETE' })).status).toBe(204);
  });
});
