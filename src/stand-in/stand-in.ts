import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PATH, createAdminEndpoint, describeUsers, type StandInUserInfo } from './admin/admin-endpoint.js';
import { DocumentStore } from './documents/document-store.js';
import { FaultInjector } from './fault-injection.js';
import { FILES_PATH, createFileStoreEndpoint } from './files/file-store-endpoint.js';
import { GRAPHQL_PATH, createGraphqlEndpoint } from './graphql/graphql-endpoint.js';
import { PayloadTooLargeError, readBody } from './http-body.js';
import { addGeneratedCase, type GeneratedCaseSpec } from './seed/generated-case.js';
import { DEFAULT_SEED, buildSeedModel } from './seed/seed-model.js';
import { SessionRegistry } from './session-registry.js';
import { SOAP_PATH, createClassicEndpoint } from './soap/classic-endpoint.js';
import { StandInCms } from './stand-in-cms.js';

export type { StandInUserInfo } from './admin/admin-endpoint.js';

export interface StandInOptions {
  /** Where generated document bytes are cached (created if missing). */
  dataDir: string;
  /** Default 20240607; the same seed gives the same cases, people and bytes. */
  seed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 20 minutes. */
  sessionTtlMs?: number;
  /** Per session; default 50 (burst 2x); 0 = off. */
  rateLimitPerSecond?: number;
  /** Epoch ms for session expiry and rate limits; default Date.now (tests steer it instead of sleeping). */
  now?: () => number;
  /** Benchmarks and tests only: extra cases of born-digital reports after the seeded ones (ids 25, 26, …). */
  generatedCases?: readonly GeneratedCaseSpec[];
}

export interface RunningStandIn {
  baseUrl: string;
  wsdlUrl: string;
  soapUrl: string;
  graphqlUrl: string;
  filesUrl: string;
  adminUrl: string;
  /** Random per start; required as header X-Admin-Key on /admin. */
  adminKey: string;
  /** The trusted on-behalf-of identity; the password is random per start. */
  serviceUsername: string;
  servicePassword: string;
  users: StandInUserInfo[];
  close(): Promise<void>;
}

export const SERVICE_USERNAME = 'svc.casework-facade';
const MAX_SOAP_BODY_BYTES = 4 * 1_048_576;

const WSDL_FILE = new URL('../legacy/classic-soap/casework-classic.wsdl', import.meta.url);
const SDL_FILE = new URL('../legacy/graphql/casework.schema.graphql', import.meta.url);

/** Starts the legacy CMS stand-in: SOAP, GraphQL, file store and admin API on one HTTP server. */
export async function startStandIn(options: StandInOptions): Promise<RunningStandIn> {
  const model = buildSeedModel(options.seed ?? DEFAULT_SEED);
  for (const spec of options.generatedCases ?? []) addGeneratedCase(model, spec);
  const passwords = new Map(model.users.map((user) => [user.username, randomBytes(12).toString('base64url')]));
  const servicePassword = randomBytes(18).toString('base64url');
  const adminKey = randomBytes(24).toString('base64url');
  const store = new DocumentStore(model, options.dataDir);
  await store.init();
  const sessions = new SessionRegistry({ sessionTtlMs: options.sessionTtlMs ?? 20 * 60_000, rateLimitPerSecond: options.rateLimitPerSecond ?? 50 }, options.now);
  const cms = new StandInCms(model, sessions, store, passwords, SERVICE_USERNAME, servicePassword);
  const faults = new FaultInjector();
  const [wsdlXml, sdl] = await Promise.all([readFile(WSDL_FILE, 'utf8'), readFile(SDL_FILE, 'utf8')]);

  let baseUrl = '';
  const classic = await createClassicEndpoint(cms, wsdlXml, faults, () => `${baseUrl}${SOAP_PATH}`);
  const graphql = createGraphqlEndpoint(cms, sdl, faults);
  const files = createFileStoreEndpoint(cms, faults);
  const admin = createAdminEndpoint(cms, faults, adminKey, passwords);

  const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://stand-in').pathname;
    if (pathname === SOAP_PATH) {
      const body = req.method === 'POST' ? await readBody(req, MAX_SOAP_BODY_BYTES) : null;
      return classic.handle(req, res, body);
    }
    if (pathname === GRAPHQL_PATH) return graphql.handle(req, res);
    if (under(pathname, FILES_PATH)) return files.handle(req, res, pathname);
    if (under(pathname, ADMIN_PATH)) return admin.handle(req, res, pathname);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof PayloadTooLargeError) {
        res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' }).end('payload too large\n');
        return;
      }
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    baseUrl,
    wsdlUrl: `${baseUrl}${SOAP_PATH}?wsdl`,
    soapUrl: `${baseUrl}${SOAP_PATH}`,
    graphqlUrl: `${baseUrl}${GRAPHQL_PATH}`,
    // FileStorePath values ("/files/…") are relative to this base: the server origin.
    filesUrl: baseUrl,
    adminUrl: `${baseUrl}${ADMIN_PATH}`,
    adminKey,
    serviceUsername: SERVICE_USERNAME,
    servicePassword,
    users: describeUsers(model),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
