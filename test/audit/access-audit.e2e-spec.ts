import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { AuditTrail } from '../../src/audit/audit-trail.service.js';
import { QueryHasher } from '../../src/audit/query-hasher.js';
import { DevTokenIssuer } from '../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { ROLES } from '../../src/auth/roles.js';
import { buildSeedModel } from '../../src/stand-in/seed/seed-model.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';
import type { ListOptions, StateBatchWrite, StateEntity, StateStore, WriteCondition } from '../../src/storage/state/state-store.port.js';
import { startIngestionTestApp, type IngestionTestApp } from '../ingestion/helpers/ingestion-app.js';

/** The app's real SQLite store, which can be told to refuse audit writes (as a full disk or a lost account would). */
class RefusableStateStore implements StateStore {
  refuseAudit = false;
  constructor(private readonly inner: StateStore) {}
  get<T>(table: string, partition: string, key: string): Promise<StateEntity<T> | null> {
    return this.inner.get<T>(table, partition, key);
  }
  put<T>(table: string, partition: string, key: string, value: T, condition?: WriteCondition): Promise<StateEntity<T>> {
    return this.refused(table) ?? this.inner.put(table, partition, key, value, condition);
  }
  putBatch<T>(table: string, partition: string, writes: readonly StateBatchWrite<T>[]): Promise<StateEntity<T>[]> {
    return this.refused(table) ?? this.inner.putBatch(table, partition, writes);
  }
  delete(table: string, partition: string, key: string, condition?: { readonly ifMatch: string }): Promise<boolean> {
    return this.inner.delete(table, partition, key, condition);
  }
  list<T>(table: string, partition: string, options?: ListOptions): Promise<StateEntity<T>[]> {
    return this.inner.list<T>(table, partition, options);
  }
  partitions(table: string): Promise<string[]> {
    return this.inner.partitions(table);
  }
  deletePartition(table: string, partition: string): Promise<number> {
    return this.inner.deletePartition(table, partition);
  }
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return this.inner.readiness();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  private refused(table: string): Promise<never> | undefined {
    return this.refuseAudit && table === 'audit' ? Promise.reject(new Error('the audit table refused the write')) : undefined;
  }
}

const LAWYER = 'bob.north';
const seed = buildSeedModel();
const VISIBLE = String(seed.cases.find((record) => record.unitId === 11)!.caseId);
const HIDDEN = String(seed.cases.find((record) => record.unitId !== 11)!.caseId);
const SECRET_QUERY = 'zanzibarquokka';

describe('every access leaves its audit record (e2e)', () => {
  let t: IngestionTestApp;
  let store: RefusableStateStore;
  let storeDir: string;
  let trail: AuditTrail;
  let auditorToken: string;
  let counter = 0;

  /** A request with its own correlation id, so its records can be found. */
  const call = async (username: string | null, pathname: string, init: RequestInit = {}): Promise<{ response: Response; correlationId: string }> => {
    const correlationId = `audit-e2e-${(counter += 1)}`;
    const headers = { ...(init.headers as Record<string, string> | undefined), 'x-correlation-id': correlationId };
    const response = username === null ? await fetch(`${t.base}${pathname}`, { ...init, headers }) : await t.as(username, pathname, { ...init, headers });
    await response.arrayBuffer();
    return { response, correlationId };
  };
  const recordsOf = async (correlationId: string): Promise<AuditRecord[]> => {
    await trail.flush();
    const days = await trail.days();
    return (await Promise.all(days.map((day) => trail.recordsOfDay(day)))).flat().filter((record) => record.correlationId === correlationId);
  };

  beforeAll(async () => {
    storeDir = await mkdtemp(path.join(tmpdir(), 'audit-e2e-store-'));
    store = new RefusableStateStore(SqliteStateStore.fromConfig({ path: path.join(storeDir, 'state.sqlite') }));
    t = await startIngestionTestApp({}, { storage: { stateStore: store } });
    trail = t.app.get(AuditTrail);
    auditorToken = (await t.app.get(DevTokenIssuer, { strict: false }).issue({ username: 'ada.auditor', roles: [ROLES.auditor] })).accessToken;
  });

  afterAll(async () => {
    await t?.close();
    await store?.close();
    await rm(storeDir, { recursive: true, force: true });
  });

  it("records each of a lawyer's case reads, once, with actor, target, outcome and status", async () => {
    const reads = [
      ['', 'case.summary.read'],
      ['/defendants', 'case.defendants.read'],
      ['/witnesses', 'case.witnesses.read'],
      ['/documents', 'case.documents.list'],
      ['/notes', 'case.notes.read'],
    ] as const;
    for (const [suffix, action] of reads) {
      const { response, correlationId } = await call(LAWYER, `/api/v1/cases/${VISIBLE}${suffix}`);
      expect(response.status).toBe(200);
      expect(await recordsOf(correlationId)).toEqual([
        expect.objectContaining({ action, actor: LAWYER, target: `case/${VISIBLE}`, caseId: VISIBLE, outcome: 'allowed', status: 200, correlationId }),
      ]);
    }
  });

  it('records a download with document and version, and a search by the keyed hash of its query only', async () => {
    const listed = await t.as(LAWYER, `/api/v1/cases/${VISIBLE}/documents`);
    const { documentId, versionId } = ((await listed.json()) as { documents: { documentId: string; versionId: string }[] }).documents[0];
    const download = await call(LAWYER, `/api/v1/cases/${VISIBLE}/documents/${documentId}/versions/${versionId}/content`);
    expect(download.response.status).toBe(200);
    expect(await recordsOf(download.correlationId)).toEqual([
      expect.objectContaining({ action: 'document.content.download', actor: LAWYER, target: `case/${VISIBLE}/document/${documentId}/version/${versionId}`, caseId: VISIBLE, documentId, versionId, outcome: 'allowed', status: 200 }),
    ]);

    const search = await call(LAWYER, `/api/v1/cases/${VISIBLE}/search?q=${SECRET_QUERY}`);
    const [record] = await recordsOf(search.correlationId);
    const key = (await readFile(path.join(t.config.dataDir, 'audit', 'query-hash-key'), 'utf8')).trim();
    expect(record).toMatchObject({ action: 'case.search', actor: LAWYER, caseId: VISIBLE, status: search.response.status, details: { queryHash: QueryHasher.fromKey(key).hash(SECRET_QUERY) } });
    expect(JSON.stringify(await recordsOf(search.correlationId))).not.toContain(SECRET_QUERY);
  });

  it('records denied attempts: another unit’s case (403), no token (401)', async () => {
    const hidden = await call(LAWYER, `/api/v1/cases/${HIDDEN}/documents`);
    expect(hidden.response.status).toBe(403);
    expect(await recordsOf(hidden.correlationId)).toEqual([
      expect.objectContaining({ action: 'case.documents.list', actor: LAWYER, caseId: HIDDEN, outcome: 'denied', status: 403, code: 'CASE_ACCESS_DENIED' }),
    ]);
    const anonymous = await call(null, `/api/v1/cases/${VISIBLE}`);
    expect(anonymous.response.status).toBe(401);
    expect(await recordsOf(anonymous.correlationId)).toEqual([expect.objectContaining({ action: 'case.summary.read', actor: 'anonymous', outcome: 'denied', status: 401, code: 'UNAUTHENTICATED' })]);
  });

  it('never writes the clear search query anywhere in the store', async () => {
    await trail.flush();
    const files = (await readdir(storeDir)).filter((name) => name.startsWith('state.sqlite'));
    expect(files).toContain('state.sqlite');
    const searches = (await trail.recordsOfDay(new Date().toISOString().slice(0, 10))).filter((record) => record.action === 'case.search');
    expect(searches.length).toBeGreaterThan(0);
    for (const file of files) expect((await readFile(path.join(storeDir, file))).includes(Buffer.from(SECRET_QUERY))).toBe(false);
  });

  it('lets an auditor, and only an auditor, list records by user and case', async () => {
    const forbidden = await call(LAWYER, `/api/v1/audit?user=${LAWYER}`);
    expect(forbidden.response.status).toBe(403);
    expect(await recordsOf(forbidden.correlationId)).toEqual([expect.objectContaining({ action: 'audit.read', actor: LAWYER, outcome: 'denied', code: 'FORBIDDEN' })]);

    await trail.flush();
    const page = await fetch(`${t.base}/api/v1/audit?user=${LAWYER}&caseId=${HIDDEN}&limit=10`, { headers: { authorization: `Bearer ${auditorToken}` } });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { records: AuditRecord[]; nextCursor: string | null };
    expect(body.records.map((record) => [record.action, record.outcome])).toEqual([['case.documents.list', 'denied']]);
    expect(body.nextCursor).toBeNull();

    const first = (await (await fetch(`${t.base}/api/v1/audit?user=${LAWYER}&limit=2`, { headers: { authorization: `Bearer ${auditorToken}` } })).json()) as { records: AuditRecord[]; nextCursor: string };
    const second = (await (await fetch(`${t.base}/api/v1/audit?user=${LAWYER}&limit=2&cursor=${first.nextCursor}`, { headers: { authorization: `Bearer ${auditorToken}` } })).json()) as { records: AuditRecord[] };
    expect(first.records).toHaveLength(2);
    expect(second.records).toHaveLength(2);
    expect(first.records.at(-1)!.at >= second.records[0].at).toBe(true);
    expect(new Set([...first.records, ...second.records].map((record) => record.id)).size).toBe(4);
  });

  it('fails a download closed with 503 AUDIT_UNAVAILABLE when the store refuses the record; a summary read stays open', async () => {
    const listed = await t.as(LAWYER, `/api/v1/cases/${VISIBLE}/documents`);
    const { documentId, versionId } = ((await listed.json()) as { documents: { documentId: string; versionId: string }[] }).documents[0];
    store.refuseAudit = true;
    try {
      const download = await t.as(LAWYER, `/api/v1/cases/${VISIBLE}/documents/${documentId}/versions/${versionId}/content`);
      expect(download.status).toBe(503);
      expect(download.headers.get('content-type')).toContain('application/problem+json');
      expect(download.headers.get('retry-after')).toBe('5');
      expect(download.headers.get('content-disposition')).toBeNull();
      expect(await download.json()).toMatchObject({ code: 'AUDIT_UNAVAILABLE', status: 503 });
      const summary = await t.as(LAWYER, `/api/v1/cases/${VISIBLE}`);
      expect(summary.status).toBe(200);
      // The summary's record was not awaited: it is written (and refused) with the next batch.
      await trail.flush();
    } finally {
      store.refuseAudit = false;
    }
    const adminToken = (await t.app.get(DevTokenIssuer, { strict: false }).issue({ username: 'alice.admin', roles: [ROLES.admin] })).accessToken;
    const metrics = await (await fetch(`${t.base}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
    expect(metrics).toMatch(/audit_records_lost_total\{action="document\.content\.download",mode="fail-closed"\} 1/);
    expect(metrics).toMatch(/audit_records_lost_total\{action="case\.summary\.read",mode="fail-open"\} 1/);
  });
});
