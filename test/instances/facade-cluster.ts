import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SignJWT } from 'jose';
import { ROLES } from '../../src/auth/roles.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { startAzurite, type AzuriteInstance } from '../helpers/azurite.js';
import { eventually } from '../helpers/eventually.js';
import { FACADE_MAIN } from '../helpers/facade-build.js';
import { loopbackCertificate } from '../helpers/self-signed-certificate.js';
import { JwksEndpoint, signer, type Signer } from '../resilience/idp-jwks-endpoint.js';
import { AzureSearchFake } from '../search/azure-search-fake.js';
import { LegacyFilesGate } from './legacy-files-gate.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk the JSON freely
type Json = any;

export type InstanceRole = 'api' | 'worker';

/** One facade process: `node dist/main.js` with its own DATA_DIR, port and legacy files gate. */
export interface FacadeInstance {
  readonly name: string;
  readonly role: InstanceRole;
  readonly process: ChildProcess;
  readonly base: string;
  /** Its LEGACY_FILES_URL: tells which documents this process downloaded. */
  readonly gate: LegacyFilesGate;
  /** Its stdout and stderr lines (the JSON logs), the last few thousand. */
  readonly log: string[];
}

/** A response read in full and checked against openapi.yaml (violations are kept for `takeViolations`). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json;
}

export interface Cluster {
  readonly standIn: RunningStandIn;
  readonly azurite: AzuriteInstance;
  /** The one search index every instance writes and reads (Azure AI Search's REST API, faked, over https). */
  readonly search: AzureSearchFake;
  readonly apis: readonly FacadeInstance[];
  readonly workers: readonly FacadeInstance[];
  /** The settings every instance got (before its own DATA_DIR, port and files gate). */
  readonly env: Readonly<Record<string, string>>;
  /** A token of the test's identity provider, which every instance trusts (JWKS). Admin: Facade.Admin too. */
  token(username: string, options?: { admin?: boolean }): Promise<string>;
  call(instance: FacadeInstance, token: string, pathname: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer>;
  /** Contract violations seen since the last call (each `request: problems`). */
  takeViolations(): string[];
  /** kill -9, waiting for the exit. */
  kill(instance: FacadeInstance): Promise<void>;
  /** One more instance over the same shared services (the bench's one-worker peer does without it). */
  startInstance(role: InstanceRole, name: string): Promise<FacadeInstance>;
  /** Stops one instance with SIGTERM (its shutdown hooks run). */
  stop(instance: FacadeInstance): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  readonly apis: number;
  readonly workers: number;
  /** Settings on top of the cluster's (JOB_LEASE_MS, STRANGLER_ROUTE_REFRESH_MS, …). */
  readonly env?: Record<string, string>;
  /** Checks each answer `call` reads (e.g. against openapi.yaml); its problems are kept for `takeViolations`. */
  readonly check?: AnswerCheck;
}

/** The problems with one answer (none: an empty list). */
export type AnswerCheck = (request: { readonly method: string; readonly pathname: string }, answer: Answer, isJson: boolean) => string[];

const ISSUER = 'https://login.example.test/instances-e2e/v2.0';
const AUDIENCE = 'api://casework-facade-instances-e2e';
const LOG_LINES_KEPT = 5_000;

/**
 * Several facade processes sharing what Azure would share: Azurite (blobs, queues, tables), one Azure AI Search
 * index (the fake, served over https with a certificate made here and trusted by the children through
 * NODE_EXTRA_CA_CERTS: the Azure SDK refuses plain http), one legacy CMS (the stand-in), one identity provider
 * (a JWKS endpoint here; the test signs tokens). Each process gets only the settings listed here (no inherited
 * environment), as a container would. Build dist/ first (buildFacadeIfStale).
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'facade-instances-'));
  const cleanups: (() => Promise<void>)[] = [async () => rm(dir, { recursive: true, force: true })];
  const instances: FacadeInstance[] = [];
  /** Every child spawned, even one that never came up: killed if the start fails. */
  const spawned: ChildProcess[] = [];
  try {
    const standIn = await startStandIn({ dataDir: path.join(dir, 'stand-in'), rateLimitPerSecond: 0 });
    cleanups.unshift(() => standIn.close());
    const azurite = await startAzurite();
    cleanups.unshift(() => azurite.stop());
    const certificate = await loopbackCertificate(dir);
    const searchKey = randomBytes(24).toString('base64url');
    const search = new AzureSearchFake('https://unused.invalid', 'case-lines', searchKey);
    const served = await search.serve(certificate);
    cleanups.unshift(() => served.close());
    const idp = new JwksEndpoint();
    const key: Signer = await signer('instances-e2e');
    idp.published = [key];
    await idp.start();
    cleanups.unshift(() => idp.stop());

    const env: Record<string, string> = {
      APP_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      OCR: 'off',
      WEB_APP_ENABLED: 'false',
      STATE_STORE: 'azure-table',
      BLOB_STORE: 'azure-blob',
      JOB_QUEUE: 'azure-queue',
      SEARCH_INDEX: 'azure-search',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_SEARCH_ENDPOINT: served.url,
      AZURE_SEARCH_API_KEY: searchKey,
      AZURE_SEARCH_INDEX_NAME: search.indexName,
      LEGACY_SOAP_URL: standIn.soapUrl,
      LEGACY_GRAPHQL_URL: standIn.graphqlUrl,
      LEGACY_SERVICE_USERNAME: standIn.serviceUsername,
      LEGACY_SERVICE_PASSWORD: standIn.servicePassword,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: idp.url,
      // What production sets once for every instance (else each would make its own under its DATA_DIR).
      REDACTION_LOG_HASH_KEY: randomBytes(32).toString('base64'),
      STRANGLER_RECORDING_KEY: randomBytes(32).toString('base64'),
      AUDIT_QUERY_HASH_KEY: randomBytes(32).toString('base64'),
      // Deadlines a loaded machine never reaches: these tests are about sharing, not timeouts.
      LEGACY_TIMEOUT_MS: '120000',
      LEGACY_REQUEST_BUDGET_MS: '120000',
      LEGACY_BREAKER_FAILURES: '1000',
      READINESS_TIMEOUT_MS: '60000',
      AUTH_JWKS_TIMEOUT_MS: '60000',
      SANDBOX_TIMEOUT_MS: '300000',
      CASE_ACCESS_CACHE_MS: '0',
      // Generous rate limits: the tests send a burst from one user.
      RATE_LIMIT_REFRESH: '1000',
      RATE_LIMIT_REDACTION: '1000',
      NODE_EXTRA_CA_CERTS: certificate.caFile,
      ...options.env,
    };

    const violations: string[] = [];
    let serial = 0;

    const startInstance = async (role: InstanceRole, name: string): Promise<FacadeInstance> => {
      const gate = new LegacyFilesGate(standIn.filesUrl);
      await gate.start();
      cleanups.unshift(() => gate.stop());
      const dataDir = path.join(dir, name);
      await mkdir(dataDir, { recursive: true });
      const child = spawn(process.execPath, [FACADE_MAIN], {
        cwd: dataDir,
        env: { ...env, ROLE: role, DATA_DIR: dataDir, LEGACY_FILES_URL: gate.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      spawned.push(child);
      const log: string[] = [];
      const keep = (line: string): void => {
        log.push(line);
        if (log.length > LOG_LINES_KEPT) log.splice(0, log.length - LOG_LINES_KEPT);
      };
      createInterface({ input: child.stderr }).on('line', keep);
      const lines = createInterface({ input: child.stdout });
      const base = await new Promise<string>((resolve, reject) => {
        lines.on('line', (line) => {
          keep(line);
          const listening = /casework-facade listening on (http:\/\/\S+)/.exec(line);
          if (listening !== null) resolve(listening[1].replace('localhost', '127.0.0.1'));
        });
        child.once('exit', (code) => reject(new Error(`${name} exited with ${String(code)}: ${log.slice(-20).join('\n')}`)));
      });
      const instance: FacadeInstance = { name, role, process: child, base, gate, log };
      instances.push(instance);
      let ready = 0;
      await eventually(
        async () => (ready = (await fetch(`${base}/health/ready`).catch(() => null))?.status ?? 0) === 200,
        `${name} to be ready`,
        { intervalMs: 200, state: () => ({ ready, log: log.slice(-10) }) },
      );
      return instance;
    };

    const numbered = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);
    // Started side by side; every start settles before a failure is thrown, so none is left running behind it.
    const started = await Promise.allSettled([
      ...numbered(options.apis).map((i) => startInstance('api', `api-${i}`)),
      ...numbered(options.workers).map((i) => startInstance('worker', `worker-${i}`)),
    ]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const running = started.map((result) => (result as PromiseFulfilledResult<FacadeInstance>).value);
    const apis = running.filter((instance) => instance.role === 'api');
    const workers = running.filter((instance) => instance.role === 'worker');

    const exited = (instance: FacadeInstance): boolean => instance.process.exitCode !== null || instance.process.signalCode !== null;
    const stopWith = async (instance: FacadeInstance, signal: NodeJS.Signals): Promise<void> => {
      if (exited(instance)) return;
      const done = new Promise((resolve) => instance.process.once('exit', resolve));
      instance.process.kill(signal);
      await done;
    };

    const cluster: Cluster = {
      standIn,
      azurite,
      search,
      apis,
      workers,
      env,
      token(username, tokenOptions = {}) {
        serial += 1;
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({ preferred_username: username, roles: tokenOptions.admin === true ? [ROLES.caseworker, ROLES.admin] : [ROLES.caseworker], oid: `object-${username}` })
          .setProtectedHeader({ alg: 'ES256', kid: key.kid })
          .setJti(`instances-${serial}`)
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .sign(key.privateKey);
      },
      async call(instance, token, pathname, init = {}) {
        const method = init.method ?? 'GET';
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
        const response = await fetch(`${instance.base}${pathname}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
        const text = await response.text();
        const isJson = /json/.test(response.headers.get('content-type') ?? '') && text.length > 0;
        const body: Json = isJson ? JSON.parse(text) : text;
        const answer: Answer = { status: response.status, headers: response.headers, body };
        const problems = options.check?.({ method, pathname }, answer, isJson) ?? [];
        if (problems.length > 0) violations.push(`${instance.name} ${method} ${pathname} ${response.status}: ${problems.join('; ')}`);
        return answer;
      },
      takeViolations: () => violations.splice(0),
      kill: (instance) => stopWith(instance, 'SIGKILL'),
      stop: (instance) => stopWith(instance, 'SIGTERM'),
      async startInstance(role, name) {
        const instance = await startInstance(role, name);
        (role === 'api' ? apis : workers).push(instance);
        return instance;
      },
      async close() {
        for (const instance of instances) instance.gate.release();
        // A process that does not finish its shutdown within a minute is killed: cleaning up, not testing.
        await Promise.all(
          instances.map(async (instance) => {
            const timer = setTimeout(() => instance.process.kill('SIGKILL'), 60_000);
            await stopWith(instance, 'SIGTERM');
            clearTimeout(timer);
          }),
        );
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      },
    };
    return cluster;
  } catch (error) {
    for (const child of spawned) child.kill('SIGKILL');
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}
