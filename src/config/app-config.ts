import { join } from 'node:path';
import { z } from 'zod';

/**
 * The environment, validated once at start-up. With nothing set the facade runs embedded:
 * it starts the legacy CMS stand-in, keeps state under ./data and issues its own dev tokens.
 */
const optionalUrl = z.string().url().optional();

export const envSchema = z
  .object({
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),

    LEGACY_SOAP_URL: optionalUrl,
    LEGACY_GRAPHQL_URL: optionalUrl,
    LEGACY_FILES_URL: optionalUrl,
    LEGACY_SERVICE_USERNAME: z.string().min(1).optional(),
    LEGACY_SERVICE_PASSWORD: z.string().min(1).optional(),
    LEGACY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    CASE_ACCESS_CACHE_MS: z.coerce.number().int().min(0).default(30_000),
    READINESS_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),

    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_JWKS_URL: optionalUrl,
    /** Token claim that carries the user's legacy username. */
    AUTH_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),

    /** Where small shared state lives (route table, trackers, audit): SQLite under DATA_DIR, or Azure Table Storage. */
    STATE_STORE: z.enum(['sqlite', 'azure-table']).default('sqlite'),
    /** Azure Storage by connection string (Azurite, or a key-based account)… */
    AZURE_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
    /** …or by account URL (https://<account>.table.core.windows.net) with DefaultAzureCredential (managed identity). */
    AZURE_STORAGE_ACCOUNT_URL: optionalUrl,

    /** Issue 4 (ingestion and search): where blobs, jobs and the index live, and the sandbox's limits. */
    BLOB_STORE: z.enum(['fs', 'azure-blob']).default('fs'),
    AZURE_BLOB_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'an Azure container name').default('casework-documents'),
    JOB_QUEUE: z.enum(['in-process', 'azure-queue']).default('in-process'),
    SEARCH_INDEX: z.enum(['sqlite', 'azure-search']).default('sqlite'),
    AZURE_SEARCH_ENDPOINT: optionalUrl,
    AZURE_SEARCH_INDEX_NAME: z.string().regex(/^[a-z0-9][a-z0-9-]{1,127}$/, 'an Azure AI Search index name').default('case-lines'),
    /** Optional: without it the search adapter uses DefaultAzureCredential (managed identity). */
    AZURE_SEARCH_API_KEY: z.string().min(1).optional(),
    OCR: z.enum(['auto', 'tesseract', 'tesseract-js', 'azure-document-intelligence', 'off']).default('auto'),
    AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT: optionalUrl,
    /** Document versions processed at once (jobs in flight). */
    INGESTION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
    SANDBOX_MEMORY_MB: z.coerce.number().int().min(64).default(1_024),
    MAX_DOCUMENT_BYTES: z.coerce.number().int().positive().default(200 * 1_048_576),

    /** Issue 5 (redaction): the engine (MuPDF is AGPL: only when set explicitly), its raster resolution and the size cap. */
    REDACTION_ENGINE: z.enum(['pdfjs-canvas', 'mupdf']).default('pdfjs-canvas'),
    REDACTION_DPI: z.coerce.number().int().min(72).max(600).default(150),
    REDACTION_MAX_PDF_BYTES: z.coerce.number().int().positive().default(100 * 1_048_576),
    REDACTION_MAX_PAGES: z.coerce.number().int().positive().default(2_000),

    // Audit (issue 11): the search-query HMAC key (else one generated under DATA_DIR; required in production), the
    // actions whose record must be committed before the answer goes out (`*`: all), this writer's chain name, and
    // `noop` (benchmarks only; refused in production).
    AUDIT_QUERY_HASH_KEY: z.string().min(32).optional(),
    AUDIT_FAIL_CLOSED: z
      .string()
      .regex(/^(\*|[a-z][a-z.]*(,[a-z][a-z.]*)*)$/, 'a comma-separated list of audit actions, or *')
      .default('document.content.download,document.pdf.read,document.text.read'),
    AUDIT_WRITER_ID: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
    AUDIT_TRAIL: z.enum(['store', 'noop']).default('store'),
  })
  .superRefine((env, ctx) => {
    const legacy = [env.LEGACY_SOAP_URL, env.LEGACY_GRAPHQL_URL, env.LEGACY_FILES_URL, env.LEGACY_SERVICE_USERNAME, env.LEGACY_SERVICE_PASSWORD];
    const legacySet = legacy.filter((value) => value !== undefined).length;
    if (legacySet !== 0 && legacySet !== legacy.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'set all of LEGACY_SOAP_URL, LEGACY_GRAPHQL_URL, LEGACY_FILES_URL, LEGACY_SERVICE_USERNAME and LEGACY_SERVICE_PASSWORD, or none',
      });
    }
    const auth = [env.AUTH_ISSUER, env.AUTH_AUDIENCE, env.AUTH_JWKS_URL];
    const authSet = auth.filter((value) => value !== undefined).length;
    if (authSet !== 0 && authSet !== auth.length) {
      ctx.addIssue({ code: 'custom', message: 'set all of AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL, or none' });
    }
    if (env.STATE_STORE === 'azure-table') {
      const azureSet = [env.AZURE_STORAGE_CONNECTION_STRING, env.AZURE_STORAGE_ACCOUNT_URL].filter((value) => value !== undefined).length;
      if (azureSet !== 1) {
        ctx.addIssue({ code: 'custom', message: 'STATE_STORE=azure-table needs exactly one of AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT_URL' });
      }
    }
    for (const [setting, wanted] of [
      ['BLOB_STORE', env.BLOB_STORE === 'azure-blob'],
      ['JOB_QUEUE', env.JOB_QUEUE === 'azure-queue'],
    ] as const) {
      if (wanted && [env.AZURE_STORAGE_CONNECTION_STRING, env.AZURE_STORAGE_ACCOUNT_URL].filter((value) => value !== undefined).length !== 1) {
        ctx.addIssue({ code: 'custom', message: `${setting}=${setting === 'BLOB_STORE' ? 'azure-blob' : 'azure-queue'} needs exactly one of AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT_URL` });
      }
    }
    if (env.SEARCH_INDEX === 'azure-search' && env.AZURE_SEARCH_ENDPOINT === undefined) {
      ctx.addIssue({ code: 'custom', message: 'SEARCH_INDEX=azure-search needs AZURE_SEARCH_ENDPOINT' });
    }
    if (env.OCR === 'azure-document-intelligence' && env.AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT === undefined) {
      ctx.addIssue({ code: 'custom', message: 'OCR=azure-document-intelligence needs AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT' });
    }
    if (env.APP_ENV === 'production') {
      if (legacySet === 0) ctx.addIssue({ code: 'custom', message: 'production refuses the legacy CMS stand-in: set the LEGACY_* variables' });
      if (authSet === 0) ctx.addIssue({ code: 'custom', message: 'production refuses the dev token issuer: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL' });
    }
  });

export type Env = z.infer<typeof envSchema>;

// Audit (issue 11)
export interface AuditConfig {
  readonly trail: Env['AUDIT_TRAIL'];
  readonly queryHashKey: string | null;
  /** Where the generated query hash key is kept when AUDIT_QUERY_HASH_KEY is not set (dev/embedded). */
  readonly queryHashKeyFile: string;
  readonly failClosed: '*' | readonly string[];
  readonly writerId: string | null;
}

/** Production start-up refuses a missing AUDIT_QUERY_HASH_KEY and AUDIT_TRAIL=noop (src/audit/audit.module.ts). */
function auditConfig(env: Env): AuditConfig {
  return {
    trail: env.AUDIT_TRAIL,
    queryHashKey: env.AUDIT_QUERY_HASH_KEY ?? null,
    queryHashKeyFile: join(env.DATA_DIR, 'audit', 'query-hash-key'),
    failClosed: env.AUDIT_FAIL_CLOSED === '*' ? '*' : env.AUDIT_FAIL_CLOSED.split(','),
    writerId: env.AUDIT_WRITER_ID ?? null,
  };
}

export interface LegacyEndpoints {
  readonly soapUrl: string;
  readonly graphqlUrl: string;
  readonly filesUrl: string;
  readonly serviceUsername: string;
  readonly servicePassword: string;
}

export type AuthConfig =
  | { readonly mode: 'jwks'; readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly usernameClaim: string }
  | {
      readonly mode: 'dev';
      readonly issuer: string;
      readonly audience: string;
      readonly usernameClaim: string;
      /** The dev issuer's signing key (under DATA_DIR), so dev tokens survive a restart. */
      readonly keyFile: string;
    };

/** How the StateStore adapter is chosen and reaches its backend. */
export type StateStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'azure-table'; readonly connectionString: string }
  | { readonly kind: 'azure-table'; readonly accountUrl: string };

/** Azure Storage reached by connection string, or by the service's account URL with DefaultAzureCredential. */
export type AzureStorageAccess = { readonly connectionString: string } | { readonly accountUrl: string };

export type BlobStoreConfig = { readonly kind: 'fs'; readonly root: string } | ({ readonly kind: 'azure-blob'; readonly container: string } & AzureStorageAccess);
export type JobQueueConfig = { readonly kind: 'in-process' } | ({ readonly kind: 'azure-queue' } & AzureStorageAccess);
export type SearchIndexConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'azure-search'; readonly endpoint: string; readonly indexName: string; readonly apiKey: string | null };
export type OcrMode = Env['OCR'];

/** Issue 4: the ingestion pipeline and the adapters it runs on. */
export interface IngestionConfig {
  readonly blobStore: BlobStoreConfig;
  readonly jobQueue: JobQueueConfig;
  readonly searchIndex: SearchIndexConfig;
  readonly ocr: { readonly mode: OcrMode; readonly documentIntelligenceEndpoint: string | null };
  readonly concurrency: number;
  readonly sandbox: { readonly timeoutMs: number; readonly maxMemoryMb: number };
  readonly maxDocumentBytes: number;
  /** Scratch space for downloads and conversions (under DATA_DIR). */
  readonly workDir: string;
}

/** Issue 5: how redactions are applied. */
export interface RedactionConfig {
  readonly engine: Env['REDACTION_ENGINE'];
  readonly dpi: number;
  /** Converted PDFs larger than this (bytes or pages) are refused (DOCUMENT_TOO_LARGE). */
  readonly maxPdfBytes: number;
  readonly maxPages: number;
}

export interface AppConfig {
  readonly env: Env['APP_ENV'];
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: Env['LOG_LEVEL'];
  /** `pretty` (human-readable, written at once) only in development with stdout on a terminal; JSON lines otherwise. */
  readonly logFormat: LogFormat;
  readonly bodyLimitBytes: number;
  /** Embedded: the dev bootstrap starts the stand-in and fills in `legacy` before the app is built. */
  readonly legacyMode: 'embedded' | 'remote';
  readonly legacy: LegacyEndpoints | null;
  readonly legacyTimeoutMs: number;
  readonly caseAccessCacheMs: number;
  /** How long /health/ready waits for each dependency's readiness before calling it down. */
  readonly readinessTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly stateStore: StateStoreConfig;
  readonly ingestion: IngestionConfig;
  readonly redaction: RedactionConfig;
  readonly audit: AuditConfig;
}

export type LogFormat = 'json' | 'pretty';

/** What config needs to know of the process it runs in, besides the environment (read by `loadConfig`). */
export interface ProcessFacts {
  readonly stdoutIsTty: boolean;
}

export const DEV_ISSUER = 'urn:casework-facade:dev-issuer';
export const DEV_AUDIENCE = 'api://casework-facade';

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment into an AppConfig; throws ConfigError listing every problem. */
export function parseConfig(source: Record<string, string | undefined>, facts: ProcessFacts = { stdoutIsTty: false }): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)));
  }
  const env = parsed.data;
  const remote = env.LEGACY_SOAP_URL !== undefined;
  return {
    env: env.APP_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    logFormat: env.APP_ENV === 'development' && facts.stdoutIsTty ? 'pretty' : 'json',
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    legacyMode: remote ? 'remote' : 'embedded',
    legacy: remote
      ? {
          soapUrl: env.LEGACY_SOAP_URL!,
          graphqlUrl: env.LEGACY_GRAPHQL_URL!,
          filesUrl: env.LEGACY_FILES_URL!,
          serviceUsername: env.LEGACY_SERVICE_USERNAME!,
          servicePassword: env.LEGACY_SERVICE_PASSWORD!,
        }
      : null,
    legacyTimeoutMs: env.LEGACY_TIMEOUT_MS,
    caseAccessCacheMs: env.CASE_ACCESS_CACHE_MS,
    readinessTimeoutMs: env.READINESS_TIMEOUT_MS,
    auth:
      env.AUTH_JWKS_URL !== undefined
        ? { mode: 'jwks', issuer: env.AUTH_ISSUER!, audience: env.AUTH_AUDIENCE!, jwksUrl: env.AUTH_JWKS_URL, usernameClaim: env.AUTH_USERNAME_CLAIM }
        : { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: env.AUTH_USERNAME_CLAIM, keyFile: join(env.DATA_DIR, 'dev-issuer', 'signing-key.json') },
    stateStore: stateStoreConfig(env),
    ingestion: ingestionConfig(env),
    redaction: { engine: env.REDACTION_ENGINE, dpi: env.REDACTION_DPI, maxPdfBytes: env.REDACTION_MAX_PDF_BYTES, maxPages: env.REDACTION_MAX_PAGES },
    audit: auditConfig(env),
  };
}

/** An Azure Storage account URL for another service of the same account (…table.core… → …blob.core…). */
function azureServiceUrl(accountUrl: string, service: 'blob' | 'queue'): string {
  const url = new URL(accountUrl);
  url.hostname = url.hostname.replace(/\.(?:table|blob|queue)\./, `.${service}.`);
  return url.toString().replace(/\/$/, '');
}

function azureStorageAccess(env: Env, service: 'blob' | 'queue'): AzureStorageAccess {
  return env.AZURE_STORAGE_CONNECTION_STRING !== undefined
    ? { connectionString: env.AZURE_STORAGE_CONNECTION_STRING }
    : { accountUrl: azureServiceUrl(env.AZURE_STORAGE_ACCOUNT_URL!, service) };
}

function ingestionConfig(env: Env): IngestionConfig {
  return {
    blobStore:
      env.BLOB_STORE === 'fs'
        ? { kind: 'fs', root: join(env.DATA_DIR, 'blobs') }
        : { kind: 'azure-blob', container: env.AZURE_BLOB_CONTAINER, ...azureStorageAccess(env, 'blob') },
    jobQueue: env.JOB_QUEUE === 'in-process' ? { kind: 'in-process' } : { kind: 'azure-queue', ...azureStorageAccess(env, 'queue') },
    searchIndex:
      env.SEARCH_INDEX === 'sqlite'
        ? { kind: 'sqlite', path: join(env.DATA_DIR, 'search.sqlite') }
        : { kind: 'azure-search', endpoint: env.AZURE_SEARCH_ENDPOINT!, indexName: env.AZURE_SEARCH_INDEX_NAME, apiKey: env.AZURE_SEARCH_API_KEY ?? null },
    ocr: { mode: env.OCR, documentIntelligenceEndpoint: env.AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT ?? null },
    concurrency: env.INGESTION_CONCURRENCY,
    sandbox: { timeoutMs: env.SANDBOX_TIMEOUT_MS, maxMemoryMb: env.SANDBOX_MEMORY_MB },
    maxDocumentBytes: env.MAX_DOCUMENT_BYTES,
    workDir: join(env.DATA_DIR, 'work'),
  };
}

function stateStoreConfig(env: Env): StateStoreConfig {
  if (env.STATE_STORE === 'sqlite') return { kind: 'sqlite', path: join(env.DATA_DIR, 'state.sqlite') };
  return env.AZURE_STORAGE_CONNECTION_STRING !== undefined
    ? { kind: 'azure-table', connectionString: env.AZURE_STORAGE_CONNECTION_STRING }
    : { kind: 'azure-table', accountUrl: env.AZURE_STORAGE_ACCOUNT_URL! };
}

/** The only place that reads process.env (and whether stdout is a terminal, for the log format). */
export function loadConfig(): AppConfig {
  return parseConfig(process.env, { stdoutIsTty: process.stdout.isTTY === true });
}

/** What the dev bootstrap knows of the stand-in it started (embedded mode only). */
export interface EmbeddedStandIn {
  readonly wsdlUrl: string;
  readonly graphqlUrl: string;
  readonly filesUrl: string;
  readonly adminUrl: string;
  readonly adminKey: string;
}

/** The config with the legacy endpoints known (embedded mode fills them in from the stand-in). */
export type ResolvedConfig = AppConfig & { readonly legacy: LegacyEndpoints; readonly standIn: EmbeddedStandIn | null };

export function resolveConfig(config: AppConfig, legacy: LegacyEndpoints, standIn: EmbeddedStandIn | null): ResolvedConfig {
  return { ...config, legacy, standIn };
}
