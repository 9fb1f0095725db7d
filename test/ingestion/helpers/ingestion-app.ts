import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppModuleOptions } from '../../../src/app.module.js';
import { createApp } from '../../../src/app.setup.js';
import { DevTokenIssuer } from '../../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { parseConfig, resolveConfig, type ResolvedConfig } from '../../../src/config/app-config.js';
import { startStandIn, type RunningStandIn } from '../../../src/stand-in/stand-in.js';
import { checkContract } from '../../openapi/traffic-contract.js';

export interface IngestionTestApp {
  readonly app: NestFastifyApplication;
  readonly base: string;
  readonly standIn: RunningStandIn;
  readonly dataDir: string;
  readonly config: ResolvedConfig;
  token(username: string): Promise<string>;
  /** fetch with a bearer token for `username`. */
  as(username: string, pathname: string, init?: RequestInit): Promise<Response>;
  /** Polls the tracker until the case is done (or throws after `ceilingMs`, by default minutes: a ceiling, never asserted). */
  waitUntilDone(caseId: string, username?: string, ceilingMs?: number): Promise<TrackerJson>;
  close(): Promise<void>;
}

export interface TrackerJson {
  caseId: string;
  status: string;
  progress: { total: number; indexed: number; failed: number; percent: number; pages: number; new: number };
  documents: {
    documentId: string;
    versionId: string;
    parentDocumentId: string | null;
    childIndex: number | null;
    fileName: string;
    mimeType: string;
    detectedType: string | null;
    status: string;
    reason: string | null;
    pageCount: number | null;
    ocrPageCount: number | null;
    pagesWithoutText: number | null;
    lineCount: number | null;
    indexedVersionId: string | null;
  }[];
}

/**
 * How long waitUntilDone polls before giving up: a ceiling for a stuck build, never a measure of speed. A case
 * with OCR'd scans takes well under a minute on an idle machine, several on a loaded one.
 */
export const WAIT_UNTIL_DONE_CEILING_MS = 600_000;

/**
 * The sandbox limit for e2e apps that ingest healthy documents: a converter, extractor or OCR run on a loaded
 * machine never reaches it (hostile files fail on their content, not on time).
 */
export const PATIENT_SANDBOX_TIMEOUT_MS = '300000';

/** The whole facade over a fresh stand-in, on an ephemeral port, with its data in a temp dir. */
export async function startIngestionTestApp(
  env: Record<string, string> = {},
  options: AppModuleOptions = {},
  existing?: { standIn: RunningStandIn; dataDir: string },
): Promise<IngestionTestApp> {
  const dataDir = existing?.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'facade-ingestion-')));
  const standIn = existing?.standIn ?? (await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 }));
  const config = resolveConfig(
    // LEGACY_TIMEOUT_MS: a ceiling a loaded machine never reaches (the stand-in renders documents on first need).
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dataDir, 'facade'), CASE_ACCESS_CACHE_MS: '0', LEGACY_TIMEOUT_MS: '120000', ...env }),
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  const app = checkContract(await createApp(config, { strangler: { routesFile: null }, ...options }));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const issuer = app.get(DevTokenIssuer, { strict: false });
  const tokens = new Map<string, string>();
  const token = async (username: string): Promise<string> => {
    let value = tokens.get(username);
    if (value === undefined) {
      value = (await issuer.issue({ username })).accessToken;
      tokens.set(username, value);
    }
    return value;
  };
  const as = async (username: string, pathname: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${base}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${await token(username)}` } });
  const waitUntilDone = async (caseId: string, username = 'alice.admin', ceilingMs = WAIT_UNTIL_DONE_CEILING_MS): Promise<TrackerJson> => {
    const deadline = Date.now() + ceilingMs;
    for (;;) {
      const response = await as(username, `/api/v1/cases/${caseId}/tracker`);
      const tracker = (await response.json()) as TrackerJson;
      if (tracker.status === 'done') return tracker;
      if (Date.now() > deadline) throw new Error(`case ${caseId} not done: ${JSON.stringify(tracker.progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    app,
    base,
    standIn,
    dataDir,
    config,
    token,
    as,
    waitUntilDone,
    async close() {
      await app.close();
      if (existing === undefined) {
        await standIn.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
