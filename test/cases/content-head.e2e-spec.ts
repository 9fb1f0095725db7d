/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- assertions walk the JSON freely */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { AuditTrail } from '../../src/audit/audit-trail.service.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { startStandIn, type RunningStandIn, type StandInUserInfo } from '../../src/stand-in/stand-in.js';
import { checkContract } from '../openapi/traffic-contract.js';

/**
 * HEAD on a version's content answers its headers without the file store being asked: the facade reaches the
 * stand-in's file store through a TCP relay that counts the bytes the store sends back.
 */
let dataDir: string;
let standIn: RunningStandIn;
let relay: Server;
let relayed = { connections: 0, bytesFromStore: 0 };
const sockets = new Set<Socket>();
let app: NestFastifyApplication;
let base: string;
let user: StandInUserInfo;
let token: string;

/** A TCP relay to `target`, counting connections and the bytes the target sends. */
function startRelay(target: URL): Promise<Server> {
  const server = createServer((client) => {
    relayed.connections += 1;
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    upstream.on('data', (chunk: Buffer) => {
      relayed.bytesFromStore += chunk.length;
    });
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'facade-content-head-e2e-'));
  standIn = await startStandIn({ dataDir, rateLimitPerSecond: 0 });
  const files = new URL(standIn.filesUrl);
  relay = await startRelay(files);
  const filesUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}${files.pathname}`;
  const config = resolveConfig(
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', LEGACY_TIMEOUT_MS: '60000', DATA_DIR: path.join(dataDir, 'facade') }),
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  app = checkContract(await createApp(config));
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const found = standIn.users.find((candidate) => candidate.visibleUrns.length > 0);
  if (found === undefined) throw new Error('the stand-in has no user who sees a case');
  user = found;
  const issued = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username }) });
  token = ((await issued.json()) as { accessToken: string }).accessToken;
});

afterAll(async () => {
  await app?.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  await standIn?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function call(route: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/api/v1${route}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
}

async function largestDocument(): Promise<{ route: string; document: any }> {
  const caseId = ((await (await call(`/cases?urn=${user.visibleUrns[0]}`)).json()) as any).cases[0].caseId as string;
  const documents = ((await (await call(`/cases/${caseId}/documents`)).json()) as any).documents as any[];
  const document = documents.reduce((best, candidate) => (candidate.sizeBytes > best.sizeBytes ? candidate : best));
  return { route: `/cases/${caseId}/documents/${document.documentId}/versions/${document.versionId}/content`, document };
}

describe('HEAD on a version content (e2e)', () => {
  it('answers the headers of the full file and of a range, and the file store sends nothing', async () => {
    const { route, document } = await largestDocument();
    relayed = { connections: 0, bytesFromStore: 0 };

    const full = await call(route, { method: 'HEAD' });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe(String(document.sizeBytes));
    expect(full.headers.get('content-type')).toBe(document.mimeType);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('etag')).toBe(`"${document.documentId}-${document.versionId}"`);
    expect(full.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    expect((await full.arrayBuffer()).byteLength).toBe(0);

    const partial = await call(route, { method: 'HEAD', headers: { range: 'bytes=10-99' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-length')).toBe('90');
    expect(partial.headers.get('content-range')).toBe(`bytes 10-99/${document.sizeBytes}`);

    const unsatisfiable = await call(route, { method: 'HEAD', headers: { range: `bytes=${document.sizeBytes}-` } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${document.sizeBytes}`);

    expect(relayed).toEqual({ connections: 0, bytesFromStore: 0 });
  });

  it('audits a HEAD like the download it describes', async () => {
    const { route, document } = await largestDocument();
    const correlationId = 'content-head-e2e-audit';
    expect((await call(route, { method: 'HEAD', headers: { 'x-correlation-id': correlationId } })).status).toBe(200);
    const trail = app.get(AuditTrail);
    await trail.flush();
    const records = (await Promise.all((await trail.days()).map((day) => trail.recordsOfDay(day)))).flat().filter((record) => record.correlationId === correlationId);
    expect(records).toEqual([
      expect.objectContaining({ action: 'document.content.download', documentId: document.documentId, versionId: document.versionId, outcome: 'allowed', status: 200 }),
    ]);
  });

  it('answers the same headers as a GET, which does read the file through the store', async () => {
    const { route, document } = await largestDocument();
    const head = await call(route, { method: 'HEAD', headers: { range: 'bytes=0-1023' } });
    relayed = { connections: 0, bytesFromStore: 0 };
    const get = await call(route, { headers: { range: 'bytes=0-1023' } });
    expect(Buffer.from(await get.arrayBuffer()).length).toBe(Math.min(1024, document.sizeBytes));
    for (const name of ['content-length', 'content-type', 'content-range', 'accept-ranges', 'etag', 'content-disposition', 'cache-control']) {
      expect(head.headers.get(name)).toBe(get.headers.get(name));
    }
    expect(relayed.bytesFromStore).toBeGreaterThanOrEqual(Math.min(1024, document.sizeBytes));
  });

  it('answers 404 for an unknown version without asking the store', async () => {
    const { route } = await largestDocument();
    relayed = { connections: 0, bytesFromStore: 0 };
    const missing = await call(route.replace(/\/versions\/\d+\//, '/versions/99999999/'), { method: 'HEAD' });
    expect(missing.status).toBe(404);
    expect(relayed.connections).toBe(0);
  });
});
