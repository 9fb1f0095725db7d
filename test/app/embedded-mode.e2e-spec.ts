import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { parseConfig, resolveConfig, type ResolvedConfig } from '../../src/config/app-config.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';

/**
 * A newcomer's embedded mode, as `npm start` wires it (stand-in + dev issuer), over HTTP:
 * dev tokens outlive a restart of the facade, and the facade's own /dev/stand-in output is
 * enough to use the stand-in's admin API the way docs/legacy-cms.md describes it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions walk the JSON freely
const json = (response: Response): Promise<any> => response.json();

describe('embedded mode (e2e, facade + stand-in)', () => {
  let dataDir: string;
  let standIn: RunningStandIn;
  let config: ResolvedConfig;
  let app: NestFastifyApplication | undefined;

  async function start(): Promise<string> {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async function tokenFrom(base: string, username: string): Promise<string> {
    const response = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
    expect(response.status).toBe(200);
    return (await json(response)).accessToken as string;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facade-embedded-'));
    standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in') });
    config = resolveConfig(
      parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, 'facade'), LEGACY_TIMEOUT_MS: '60000' }),
      { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
      { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
    );
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts a dev token issued before a restart, signed with the same key kept in DATA_DIR (0600)', async () => {
    const user = standIn.users.find((candidate) => candidate.visibleUrns.length > 0)!;
    const before = await start();
    const token = await tokenFrom(before, user.username);
    const keyId = (await json(await fetch(`${before}/dev/jwks.json`))).keys[0].kid as string;
    await app!.close();
    app = undefined;

    const after = await start();
    expect((await json(await fetch(`${after}/dev/jwks.json`))).keys[0].kid).toBe(keyId);
    const response = await fetch(`${after}/api/v1/cases?urn=${user.visibleUrns[0]}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect((await json(response)).cases.length).toBeGreaterThan(0);
    expect((await stat(path.join(dataDir, 'facade', 'dev-issuer', 'signing-key.json'))).mode & 0o777).toBe(0o600);
  });

  it("adds a document and injects a fault through the stand-in's admin API with what GET /dev/stand-in gives", async () => {
    const base = await start();
    const { adminUrl, adminKey } = await json(await fetch(`${base}/dev/stand-in`));
    expect(typeof adminKey).toBe('string');
    const token = await tokenFrom(base, 'alice.admin');

    // As docs/legacy-cms.md shows it: POST /admin/cases/{caseId}/documents with the raw bytes.
    const added = await fetch(`${adminUrl}/cases/1/documents`, {
      method: 'POST',
      headers: { 'X-Admin-Key': adminKey, 'Content-Type': 'text/plain', 'X-File-Name': 'newcomer-note.txt', 'X-Title': 'Newcomer note' },
      body: 'Added through the stand-in admin API.',
    });
    expect(added.status).toBe(201);
    const { documentId, versionId } = await json(added);
    const listed = await json(await fetch(`${base}/api/v1/cases/1/documents`, { headers: { authorization: `Bearer ${token}` } }));
    const document = listed.documents.find((candidate: { documentId: string }) => candidate.documentId === String(Number(documentId)));
    expect(document).toMatchObject({ title: 'Newcomer note' });

    // PUT /admin/faults: the file store goes down, and the facade says so with a coded problem.
    const fault = await fetch(`${adminUrl}/faults`, { method: 'PUT', headers: { 'X-Admin-Key': adminKey, 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'files', outage: true }) });
    expect(fault.status).toBe(200);
    try {
      const content = await fetch(`${base}/api/v1/cases/1/documents/${Number(documentId)}/versions/${Number(versionId)}/content`, { headers: { authorization: `Bearer ${token}` } });
      expect(content.status).toBe(503);
      expect(await json(content)).toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    } finally {
      expect((await fetch(`${adminUrl}/faults`, { method: 'DELETE', headers: { 'X-Admin-Key': adminKey } })).status).toBe(200);
    }

    const refused = await fetch(`${adminUrl}/faults`, { headers: { 'X-Admin-Key': 'not-the-key' } });
    expect(refused.status).toBe(401);
  });
});
