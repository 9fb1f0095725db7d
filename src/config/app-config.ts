import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { InstanceRoleName } from './instance-role.js';

/**
 * The environment, validated once at start-up. With nothing set the facade runs embedded:
 * it starts the legacy CMS stand-in, keeps state under ./data and issues its own dev tokens.
 */
const optionalUrl = z.string().url().optional();

// Stale-if-error (issue 11): last good answers of case metadata reads and of access decisions, per user (ADR 0014).
const staleIfErrorEnv = {
  /** Oldest last good answer of a case metadata read served while the legacy CMS is down; 0 turns it off. */
  STALE_IF_ERROR_MAX_AGE_MS: z.coerce.number().int().min(0).default(4 * 3_600_000),
  /** Oldest last known 'granted' access decision that still lets a user in while the legacy CMS is down; 0 turns it off. */
  STALE_IF_ERROR_ACCESS_MAX_AGE_MS: z.coerce.number().int().min(0).default(4 * 3_600_000),
  /** Larger answers are not kept (an Azure Table entity holds ~960 KB). */
  STALE_IF_ERROR_MAX_ENTRY_BYTES: z.coerce.number().int().min(1_024).max(900_000).default(262_144),
  /** Per user, after each sweep: the newest this many answers are kept. */
  STALE_IF_ERROR_MAX_ENTRIES_PER_USER: z.coerce.number().int().min(1).default(500),
  /** How often each instance deletes answers older than the bounds and beyond the per-user cap; 0 never. */
  STALE_IF_ERROR_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
};
export interface StaleIfErrorConfig {
  readonly maxAgeMs: number;
  readonly accessMaxAgeMs: number;
  readonly maxEntryBytes: number;
  readonly maxEntriesPerUser: number;
  readonly sweepIntervalMs: number;
}
function staleIfErrorConfig(env: { [K in keyof typeof staleIfErrorEnv]: number }): StaleIfErrorConfig {
  return {
    maxAgeMs: env.STALE_IF_ERROR_MAX_AGE_MS,
    accessMaxAgeMs: env.STALE_IF_ERROR_ACCESS_MAX_AGE_MS,
    maxEntryBytes: env.STALE_IF_ERROR_MAX_ENTRY_BYTES,
    maxEntriesPerUser: env.STALE_IF_ERROR_MAX_ENTRIES_PER_USER,
    sweepIntervalMs: env.STALE_IF_ERROR_SWEEP_INTERVAL_MS,
  };
}
// End of stale-if-error (issue 11).

export const envSchema = z
  .object({
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** What this instance runs (ADR 0036): `api` the HTTP API, `worker` the job consumers and periodic work, `all` both. */
    ROLE: z.enum(['api', 'worker', 'all']).default('all'),
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
    // Identity provider keys (issue 11): the JWKS is refreshed ahead, kept in the state store, and served stale if the IdP fails.
    AUTH_JWKS_REFRESH_AHEAD_MS: z.coerce.number().int().min(1_000).default(300_000),
    AUTH_JWKS_STALE_AFTER_MS: z.coerce.number().int().min(1_000).default(900_000),
    AUTH_JWKS_MAX_STALE_MS: z.coerce.number().int().min(1_000).default(86_400_000),
    AUTH_JWKS_REFETCH_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
    AUTH_JWKS_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),

    /** Where small shared state lives (route table, trackers, audit): SQLite under DATA_DIR, or Azure Table Storage. */
    STATE_STORE: z.enum(['sqlite', 'azure-table']).default('sqlite'),
    /** Azure Storage by connection string (Azurite, or a key-based account; refused in production)… */
    AZURE_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
    /** …or by account URL (https://<account>.table.core.windows.net) with DefaultAzureCredential (managed identity). */
    AZURE_STORAGE_ACCOUNT_URL: optionalUrl,
    /** The client id of a user-assigned managed identity (none: the system-assigned one), for every Azure service reached without a key. */
    AZURE_CLIENT_ID: z.string().uuid('AZURE_CLIENT_ID must be the client id (a GUID) of a managed identity').optional(),

    /** Issue 4 (ingestion and search): where blobs, jobs and the index live, and the sandbox's limits. */
    BLOB_STORE: z.enum(['fs', 'azure-blob']).default('fs'),
    AZURE_BLOB_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'an Azure container name').default('casework-documents'),
    JOB_QUEUE: z.enum(['in-process', 'azure-queue']).default('in-process'),
    SEARCH_INDEX: z.enum(['sqlite', 'azure-search']).default('sqlite'),
    AZURE_SEARCH_ENDPOINT: optionalUrl,
    AZURE_SEARCH_INDEX_NAME: z.string().regex(/^[a-z0-9][a-z0-9-]{1,127}$/, 'an Azure AI Search index name').default('case-lines'),
    /** Optional (refused in production): without it the search adapter uses DefaultAzureCredential (managed identity). */
    AZURE_SEARCH_API_KEY: z.string().min(1).optional(),
    OCR: z.enum(['auto', 'tesseract', 'tesseract-js', 'azure-document-intelligence', 'off']).default('auto'),
    AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT: optionalUrl,
    /** Tesseract languages, '+'-joined (eng+cym); checked against the installed traineddata when OCR starts. */
    OCR_LANGUAGES: z.string().regex(/^[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/i, "tesseract language codes joined by '+', e.g. eng+cym").default('eng'),
    /** Each page is rendered at its image's resolution, scaled down to at most this many megapixels. */
    OCR_MAX_MEGAPIXELS: z.coerce.number().min(1).max(200).default(25),
    /** OCR pages and sandboxed parser workers at once (CPU-bound work; external programs are also held to one per core). */
    INGESTION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Under-redaction detection at ingestion (ADR 0032): words hidden under dark boxes, images or annotations are marked. */
    INGESTION_COVERED_TEXT: z.enum(['on', 'off']).default('on'),
    /** Document versions worked on at once (queue jobs in flight); their children share the cores and the memory budget. */
    INGESTION_DOCUMENTS_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(6),
    /** Memory (MB) all child processes together may be expected to use: each reserves its measured peak before it starts. Per machine. */
    INGESTION_CHILD_MEMORY_MB: z.coerce.number().int().min(256).default(1_536),
    /** How often the index clean-up (one instance at a time) deletes lines of versions no tracked document points at. */
    INDEX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
    SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
    SANDBOX_MEMORY_MB: z.coerce.number().int().min(64).default(1_024),
    MAX_DOCUMENT_BYTES: z.coerce.number().int().positive().default(200 * 1_048_576),

    /** Issue 5 (redaction): the engine (MuPDF is AGPL: only when set explicitly), its raster resolution and the size cap. */
    REDACTION_ENGINE: z.enum(['pdfjs-canvas', 'mupdf']).default('pdfjs-canvas'),
    REDACTION_DPI: z.coerce.number().int().min(72).max(600).default(150),
    REDACTION_MAX_PDF_BYTES: z.coerce.number().int().positive().default(100 * 1_048_576),
    REDACTION_MAX_PAGES: z.coerce.number().int().positive().default(2_000),
    /** Issue 14 (ADR 0029): the redaction types a box may carry, as `id` or `id=Label`, comma-separated. */
    REDACTION_TYPES: z
      .string()
      .default('named-person,address,phone,date-of-birth,ni-number,email,vehicle,bank-details,other')
      .transform((value) => value.split(',').map((each) => each.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^[a-z][a-z0-9-]{0,31}(=[^,=\p{Cc}]{1,60})?$/u, 'each redaction type is `id` or `id=Label` (id: a-z, 0-9, -)'))
          .min(1)
          .max(100)
          .refine((items) => new Set(items.map((item) => item.split('=')[0])).size === items.length, 'redaction type ids must be unique')
          .refine((items) => !items.some((item) => item.split('=')[0] === 'unspecified'), '`unspecified` is reserved for boxes without a type'),
      ),
    /** Boxes must carry a redactionType (else untyped boxes are logged as `unspecified`). */
    REDACTION_TYPE_REQUIRED: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    /** Base64 of 32 bytes: the HMAC key of removed words in the redaction log; else generated under DATA_DIR; required in production. */
    REDACTION_LOG_HASH_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'REDACTION_LOG_HASH_KEY must be base64 of 32 bytes')
      .optional(),
    /** Issue 17 (ADR 0039): who finds personal data for redaction suggestions and plans: offline rules, or Azure AI Language. */
    PII_DETECTOR: z.enum(['local', 'azure-language']).default('local'),
    /** With PII_DETECTOR=local: capitalised words no name rule explains are put to an NLP tagger (compromise); `off` for rules alone. */
    PII_NAME_NLP: z.enum(['on', 'off']).default('on'),
    /** e.g. https://<resource>.cognitiveservices.azure.com, reached with the managed identity (no key). */
    AZURE_LANGUAGE_ENDPOINT: optionalUrl,

    ...staleIfErrorEnv,
    // Hostile input and HTTP security (issue 11)
    JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(256).default(32),
    JSON_MAX_ITEMS: z.coerce.number().int().min(16).default(10_000),
    CORS_ALLOWED_ORIGINS: z.string().default('').transform((value) => value.split(',').map((each) => each.trim()).filter(Boolean)).pipe(z.array(z.string().url())),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    METRICS_HOST: z.string().default('127.0.0.1'),
    // Strangler traffic counters and ramps (issue 13, ADR 0025)
    STRANGLER_TRAFFIC_FLUSH_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
    STRANGLER_RAMP_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(15_000),
    /** How often each instance re-reads the route table (a change is in force everywhere within this plus one read). */
    STRANGLER_ROUTE_REFRESH_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
    // The casework web app (issue 15, ADR 0035): the built app served at `/`, and how it signs in with Entra ID.
    WEB_APP_DIR: z.string().min(1).default('web/dist'),
    WEB_APP_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    WEB_APP_CLIENT_ID: z.string().min(1).optional(),
    WEB_APP_AUTHORITY: optionalUrl,
    /** The API scope the web app asks Entra ID for, e.g. api://casework-facade/Casework.Access. */
    WEB_APP_API_SCOPE: z.string().min(1).optional(),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_SEARCH: z.coerce.number().int().min(0).default(120),
    RATE_LIMIT_REFRESH: z.coerce.number().int().min(0).default(20),
    RATE_LIMIT_REDACTION: z.coerce.number().int().min(0).default(30),
    RATE_LIMIT_PREVIEW: z.coerce.number().int().min(0).default(60),
    // Legacy resilience (issue 11): deadline budget, retries of reads, breaker and bulkhead per legacy interface (per instance).
    /** Default: LEGACY_TIMEOUT_MS (one call's timeout is the whole request's legacy budget). */
    LEGACY_REQUEST_BUDGET_MS: z.coerce.number().int().positive().optional(),
    /** Default: the larger of 60 s and LEGACY_TIMEOUT_MS. */
    LEGACY_BACKGROUND_BUDGET_MS: z.coerce.number().int().positive().optional(),
    LEGACY_RETRY_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    LEGACY_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(1).default(100),
    LEGACY_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).default(1_000),
    LEGACY_RETRY_BUDGET_RATIO: z.coerce.number().min(0).max(1).default(0.1),
    LEGACY_RETRY_BUDGET_BURST: z.coerce.number().int().min(0).default(10),
    LEGACY_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
    LEGACY_BREAKER_HALF_OPEN_AFTER_MS: z.coerce.number().int().min(1).default(10_000),
    LEGACY_BULKHEAD_CONCURRENCY: z.coerce.number().int().min(1).max(1_024).default(32),
    LEGACY_BULKHEAD_QUEUE: z.coerce.number().int().min(0).default(64),
    LEGACY_BULKHEAD_QUEUE_WAIT_MS: z.coerce.number().int().min(0).default(1_000),
    /** Calls per second per interface and instance (0: no rate cap); a cluster-wide cap is divided by the instance count. */
    LEGACY_RATE_PER_SECOND: z.coerce.number().min(0).default(0),
    // Crash-safe saves and job leases (issue 11)
    /** A queued job's lease, renewed by heartbeat while it runs: a dead holder's job is taken over after this. */
    JOB_LEASE_MS: z.coerce.number().int().min(3_000).max(120_000).default(20_000),
    /** A redaction save not advanced or renewed for this long is finished or undone by recovery. */
    REDACTION_SAVE_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
    /** How often each instance looks for unfinished saves (at start-up, then every this long). */
    REDACTION_SAVE_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
    // Redaction sessions (issue 14): a session not heartbeaten for the TTL is cancelled by the sweeper (ADR 0028).
    REDACTION_SESSION_TTL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(1_200_000),
    REDACTION_SESSION_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** Test only (APP_ENV=test): the process kills itself with SIGKILL once a session's end is recorded, before the check-out is cancelled. */
    REDACTION_SESSION_CRASH_AT: z.enum(['ending-recorded']).optional(),
    /** Test only (APP_ENV=test): the process kills itself with SIGKILL at this step of a save. */
    REDACTION_SAVE_CRASH_AT: z.string().regex(/^[a-z-]{3,40}$/).optional(),
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
    // Record and replay (issue 13, ADR 0026): the key (base64 of 32 bytes) that hashes and encrypts recorded calls;
    // else one generated under DATA_DIR; required in production.
    STRANGLER_RECORDING_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'STRANGLER_RECORDING_KEY must be base64 of 32 bytes')
      .optional(),
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
    if (!(env.AUTH_JWKS_REFRESH_AHEAD_MS < env.AUTH_JWKS_STALE_AFTER_MS && env.AUTH_JWKS_STALE_AFTER_MS <= env.AUTH_JWKS_MAX_STALE_MS)) {
      ctx.addIssue({ code: 'custom', message: 'AUTH_JWKS_REFRESH_AHEAD_MS < AUTH_JWKS_STALE_AFTER_MS <= AUTH_JWKS_MAX_STALE_MS must hold' });
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
    if (env.ROLE !== 'all') {
      for (const [setting, value, shared] of sharedAdapters(env)) {
        if (value !== shared) ctx.addIssue({ code: 'custom', message: `ROLE=${env.ROLE} runs beside other instances and needs shared adapters: set ${setting}=${shared} (not ${value})` });
      }
    }
    if (env.PII_DETECTOR === 'azure-language' && env.AZURE_LANGUAGE_ENDPOINT === undefined) {
      ctx.addIssue({ code: 'custom', message: 'PII_DETECTOR=azure-language needs AZURE_LANGUAGE_ENDPOINT' });
    }
    if (env.OCR === 'azure-document-intelligence' && env.AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT === undefined) {
      ctx.addIssue({ code: 'custom', message: 'OCR=azure-document-intelligence needs AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT' });
    }
    if (env.REDACTION_SESSION_CRASH_AT !== undefined && env.APP_ENV !== 'test') {
      ctx.addIssue({ code: 'custom', message: 'REDACTION_SESSION_CRASH_AT is a test hook: only with APP_ENV=test' });
    }
    if (env.REDACTION_SAVE_CRASH_AT !== undefined && env.APP_ENV !== 'test') {
      ctx.addIssue({ code: 'custom', message: 'REDACTION_SAVE_CRASH_AT is a test hook: only with APP_ENV=test' });
    }
    const webSignIn = [env.WEB_APP_CLIENT_ID, env.WEB_APP_AUTHORITY, env.WEB_APP_API_SCOPE].filter((value) => value !== undefined).length;
    if (webSignIn !== 0 && webSignIn !== 3) ctx.addIssue({ code: 'custom', message: 'set all of WEB_APP_CLIENT_ID, WEB_APP_AUTHORITY and WEB_APP_API_SCOPE, or none' });
    if (webSignIn === 3 && authSet === 0) ctx.addIssue({ code: 'custom', message: 'WEB_APP_CLIENT_ID signs in with Entra ID: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL too' });
    if (env.APP_ENV === 'production') {
      if (legacySet === 0) ctx.addIssue({ code: 'custom', message: 'production refuses the legacy CMS stand-in: set the LEGACY_* variables' });
      if (authSet === 0) ctx.addIssue({ code: 'custom', message: 'production refuses the dev token issuer: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL' });
      if (env.REDACTION_LOG_HASH_KEY === undefined) ctx.addIssue({ code: 'custom', message: 'production needs REDACTION_LOG_HASH_KEY (base64 of 32 bytes) to hash removed words in the redaction log' });
      if (env.STRANGLER_RECORDING_KEY === undefined) ctx.addIssue({ code: 'custom', message: 'production needs STRANGLER_RECORDING_KEY (base64 of 32 bytes) to encrypt recorded calls' });
      for (const [setting, value, shared] of sharedAdapters(env)) {
        if (value !== shared) ctx.addIssue({ code: 'custom', message: `production refuses the embedded ${setting}=${value}: set ${setting}=${shared}` });
      }
      // No keys anywhere: Azure services are reached with the instance's managed identity.
      if (env.AZURE_STORAGE_CONNECTION_STRING !== undefined) ctx.addIssue({ code: 'custom', message: 'production refuses AZURE_STORAGE_CONNECTION_STRING (a key): set AZURE_STORAGE_ACCOUNT_URL and give the managed identity its storage roles' });
      if (env.AZURE_SEARCH_API_KEY !== undefined) ctx.addIssue({ code: 'custom', message: 'production refuses AZURE_SEARCH_API_KEY (a key): leave it unset and give the managed identity its search roles' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Each adapter setting, its value, and the adapter several instances can share (the embedded ones are per machine). */
function sharedAdapters(env: Pick<Env, 'STATE_STORE' | 'BLOB_STORE' | 'JOB_QUEUE' | 'SEARCH_INDEX'>): [string, string, string][] {
  return [
    ['STATE_STORE', env.STATE_STORE, 'azure-table'],
    ['BLOB_STORE', env.BLOB_STORE, 'azure-blob'],
    ['JOB_QUEUE', env.JOB_QUEUE, 'azure-queue'],
    ['SEARCH_INDEX', env.SEARCH_INDEX, 'azure-search'],
  ];
}

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

// Identity provider keys (issue 11): ages are of the last good fetch of the JWKS.
export interface SigningKeySetConfig {
  /** A key set this old is refreshed in the background when used. */
  readonly refreshAheadMs: number;
  /** Older than this, the key set is reported stale (still used: stale-if-error). */
  readonly staleAfterMs: number;
  /** Older than this, the key set is not used at all. */
  readonly maxStaleMs: number;
  /** At most one fetch not scheduled by age (unknown kid, retry after a failure) per interval, across instances. */
  readonly refetchIntervalMs: number;
  readonly timeoutMs: number;
}

export type AuthConfig =
  | {
      readonly mode: 'jwks';
      readonly issuer: string;
      readonly audience: string;
      readonly jwksUrl: string;
      readonly usernameClaim: string;
      readonly keySet: SigningKeySetConfig;
    }
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
  | { readonly kind: 'azure-table'; readonly accountUrl: string; readonly managedIdentityClientId?: string };

/** Azure Storage reached by connection string, or by the service's account URL with DefaultAzureCredential (a user-assigned identity when its client id is given). */
export type AzureStorageAccess = { readonly connectionString: string } | { readonly accountUrl: string; readonly managedIdentityClientId?: string };

export type BlobStoreConfig = { readonly kind: 'fs'; readonly root: string } | ({ readonly kind: 'azure-blob'; readonly container: string } & AzureStorageAccess);
export type JobQueueConfig = { readonly kind: 'in-process' } | ({ readonly kind: 'azure-queue' } & AzureStorageAccess);
/** SEARCH_INDEX=sqlite (`${DATA_DIR}/search.sqlite`) or azure-search (endpoint, index name, and an API key or managed identity when null). */
export type SearchIndexConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'azure-search'; readonly endpoint: string; readonly indexName: string; readonly apiKey: string | null; readonly managedIdentityClientId?: string };

/** The three storage ports, chosen in one place (StorageModule provides them all). */
export interface StorageConfig {
  readonly stateStore: StateStoreConfig;
  readonly blobStore: BlobStoreConfig;
  readonly jobQueue: JobQueueConfig;
}
export type OcrMode = Env['OCR'];

/** Issue 4: the ingestion pipeline and the adapters it runs on. */
export interface IngestionConfig {
  readonly searchIndex: SearchIndexConfig;
  readonly ocr: { readonly mode: OcrMode; readonly documentIntelligenceEndpoint: string | null; readonly languages: string; readonly maxMegapixels: number; readonly managedIdentityClientId?: string };
  readonly concurrency: number;
  /** Look for live text under fake redactions (ADR 0032). */
  readonly coveredText: boolean;
  readonly documentsInFlight: number;
  /** The budget every child process reserves its expected peak from (MB). */
  readonly childMemoryMb: number;
  readonly sandbox: { readonly timeoutMs: number; readonly maxMemoryMb: number };
  readonly maxDocumentBytes: number;
  /** Scratch space for downloads and conversions (under DATA_DIR). */
  readonly workDir: string;
  /** How often the index clean-up runs (ADR 0036). */
  readonly indexSweepIntervalMs: number;
}

/** Issue 5: how redactions are applied. */
export interface RedactionConfig {
  readonly engine: Env['REDACTION_ENGINE'];
  readonly dpi: number;
  /** Converted PDFs larger than this (bytes or pages) are refused (DOCUMENT_TOO_LARGE). */
  readonly maxPdfBytes: number;
  readonly maxPages: number;
  /** Issue 14: the configured redaction types, as `id` or `id=Label`. */
  readonly types: readonly string[];
  readonly typeRequired: boolean;
  /** Base64 of 32 bytes, or null: then the key in `hashKeyFile` (made on first use). */
  readonly hashKey: string | null;
  readonly hashKeyFile: string;
  /** Issue 17: the PiiDetector behind suggestions and case-wide plans. */
  readonly piiDetector: PiiDetectorConfig;
}

/** PII_DETECTOR=local (offline, the default) or azure-language (its endpoint, reached with the managed identity). */
export type PiiDetectorConfig = { readonly kind: 'local'; readonly nlpNames: boolean } | { readonly kind: 'azure-language'; readonly endpoint: string; readonly managedIdentityClientId?: string };

/** Issue 14: redaction sessions expire this long after their last heartbeat; the sweeper runs every sweepMs (ADR 0028). */
export interface RedactionSessionsConfig {
  readonly ttlMs: number;
  readonly sweepMs: number;
  /** Test only: kill the process with SIGKILL at this step of ending a session. */
  readonly crashAt: 'ending-recorded' | null;
}

/** Issue 11: crash-safe redaction saves and job leases. */
export interface CrashSafetyConfig {
  readonly jobLeaseMs: number;
  readonly saveLeaseMs: number;
  readonly saveRecoveryIntervalMs: number;
  readonly saveCrashAt: string | null;
}

export interface AppConfig {
  readonly env: Env['APP_ENV'];
  /** ROLE (ADR 0036): read through the injectable InstanceRole, not here. */
  readonly role: InstanceRoleName;
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
  readonly legacyResilience: LegacyResilienceConfig;
  readonly caseAccessCacheMs: number;
  /** How long /health/ready waits for each dependency's readiness before calling it down. */
  readonly readinessTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly storage: StorageConfig;
  readonly ingestion: IngestionConfig;
  readonly redaction: RedactionConfig;
  readonly redactionSessions: RedactionSessionsConfig;
  readonly staleIfError: StaleIfErrorConfig;
  readonly httpSecurity: HttpSecurityConfig;
  readonly crashSafety: CrashSafetyConfig;
  readonly audit: AuditConfig;
  readonly recording: RecordingConfig;
  readonly strangler: StranglerConfig;
  readonly webApp: WebAppConfig;
}

/** The casework web app (ADR 0035): where its built files are (null: not served) and how it signs in. */
export interface WebAppConfig {
  readonly dir: string | null;
  /** `dev`: pick a stand-in user (embedded mode); `entra`: MSAL with these settings; `none`: no sign-in configured. */
  readonly signIn: { readonly mode: 'dev' } | { readonly mode: 'entra'; readonly clientId: string; readonly authority: string; readonly apiScope: string } | { readonly mode: 'none' };
}

/** Record and replay (issue 13): the configured key, else where the generated one is kept (embedded/dev). */
export interface RecordingConfig {
  readonly key: string | null;
  readonly keyFile: string;
}

/** Shared traffic counters and ramp evaluation (ADR 0025). */
export interface StranglerConfig {
  /** How often each instance writes its traffic counters to the state store (and at shutdown). */
  readonly trafficFlushMs: number;
  /** How often active ramps are evaluated (by one instance at a time, under a lease). */
  readonly rampIntervalMs: number;
  /** How often each instance re-reads the route table. */
  readonly routeRefreshMs: number;
}

// Hostile input and HTTP security (issue 11)
/** Per-user limits (requests per window; 0 turns one off), JSON body shape limits, CORS, where /metrics is also served. */
export interface HttpSecurityConfig {
  readonly json: { readonly maxDepth: number; readonly maxItems: number };
  readonly corsAllowedOrigins: readonly string[];
  /** A second listener for /metrics alone (no token), for a scraper inside the network; null: none. */
  readonly metricsServer: { readonly host: string; readonly port: number } | null;
  readonly rateLimits: { readonly windowSeconds: number } & Readonly<Record<RateLimitName, number>>;
}
export type RateLimitName = 'search' | 'refresh' | 'redaction' | 'preview';

function httpSecurityConfig(env: Env): HttpSecurityConfig {
  return {
    json: { maxDepth: env.JSON_MAX_DEPTH, maxItems: env.JSON_MAX_ITEMS },
    corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS,
    metricsServer: env.METRICS_PORT === undefined ? null : { host: env.METRICS_HOST, port: env.METRICS_PORT },
    rateLimits: { windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS, search: env.RATE_LIMIT_SEARCH, refresh: env.RATE_LIMIT_REFRESH, redaction: env.RATE_LIMIT_REDACTION, preview: env.RATE_LIMIT_PREVIEW },
  };
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
    role: env.ROLE,
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
    legacyResilience: legacyResilienceConfig(env),
    caseAccessCacheMs: env.CASE_ACCESS_CACHE_MS,
    readinessTimeoutMs: env.READINESS_TIMEOUT_MS,
    auth:
      env.AUTH_JWKS_URL !== undefined
        ? { mode: 'jwks', issuer: env.AUTH_ISSUER!, audience: env.AUTH_AUDIENCE!, jwksUrl: env.AUTH_JWKS_URL, usernameClaim: env.AUTH_USERNAME_CLAIM, keySet: signingKeySetConfig(env) }
        : { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: env.AUTH_USERNAME_CLAIM, keyFile: join(env.DATA_DIR, 'dev-issuer', 'signing-key.json') },
    storage: storageConfig(env),
    ingestion: ingestionConfig(env),
    redaction: {
      engine: env.REDACTION_ENGINE,
      dpi: env.REDACTION_DPI,
      maxPdfBytes: env.REDACTION_MAX_PDF_BYTES,
      maxPages: env.REDACTION_MAX_PAGES,
      types: env.REDACTION_TYPES,
      typeRequired: env.REDACTION_TYPE_REQUIRED,
      hashKey: env.REDACTION_LOG_HASH_KEY ?? null,
      hashKeyFile: join(env.DATA_DIR, 'redaction', 'word-hash-key'),
      piiDetector: env.PII_DETECTOR === 'local' ? { kind: 'local', nlpNames: env.PII_NAME_NLP === 'on' } : { kind: 'azure-language', endpoint: env.AZURE_LANGUAGE_ENDPOINT!, ...managedIdentity(env) },
    },
    redactionSessions: { ttlMs: env.REDACTION_SESSION_TTL_MS, sweepMs: env.REDACTION_SESSION_SWEEP_MS, crashAt: env.REDACTION_SESSION_CRASH_AT ?? null },
    staleIfError: staleIfErrorConfig(env),
    httpSecurity: httpSecurityConfig(env),
    crashSafety: { jobLeaseMs: env.JOB_LEASE_MS, saveLeaseMs: env.REDACTION_SAVE_LEASE_MS, saveRecoveryIntervalMs: env.REDACTION_SAVE_RECOVERY_INTERVAL_MS, saveCrashAt: env.REDACTION_SAVE_CRASH_AT ?? null },
    audit: auditConfig(env),
    recording: { key: env.STRANGLER_RECORDING_KEY ?? null, keyFile: join(env.DATA_DIR, 'strangler', 'recording-key') },
    strangler: { trafficFlushMs: env.STRANGLER_TRAFFIC_FLUSH_MS, rampIntervalMs: env.STRANGLER_RAMP_INTERVAL_MS, routeRefreshMs: env.STRANGLER_ROUTE_REFRESH_MS },
    webApp: {
      dir: env.WEB_APP_ENABLED ? resolve(env.WEB_APP_DIR) : null,
      signIn:
        env.WEB_APP_CLIENT_ID !== undefined
          ? { mode: 'entra', clientId: env.WEB_APP_CLIENT_ID, authority: env.WEB_APP_AUTHORITY!, apiScope: env.WEB_APP_API_SCOPE! }
          : env.AUTH_JWKS_URL === undefined
            ? { mode: 'dev' }
            : { mode: 'none' },
    },
  };
}

// Legacy resilience (issue 11)
export interface LegacyResilienceConfig {
  /** All legacy calls of one request share this budget (login included). */
  readonly requestBudgetMs: number;
  /** The budget of legacy calls made outside any request. */
  readonly backgroundBudgetMs: number;
  readonly retry: { readonly maxRetries: number; readonly baseDelayMs: number; readonly maxDelayMs: number; readonly budgetRatio: number; readonly budgetBurst: number };
  readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
  readonly bulkhead: { readonly concurrency: number; readonly queue: number; readonly queueWaitMs: number; readonly ratePerSecond: number };
}

function legacyResilienceConfig(env: Env): LegacyResilienceConfig {
  return {
    requestBudgetMs: env.LEGACY_REQUEST_BUDGET_MS ?? env.LEGACY_TIMEOUT_MS,
    backgroundBudgetMs: env.LEGACY_BACKGROUND_BUDGET_MS ?? Math.max(60_000, env.LEGACY_TIMEOUT_MS),
    retry: {
      maxRetries: env.LEGACY_RETRY_MAX_RETRIES,
      baseDelayMs: env.LEGACY_RETRY_BASE_DELAY_MS,
      maxDelayMs: env.LEGACY_RETRY_MAX_DELAY_MS,
      budgetRatio: env.LEGACY_RETRY_BUDGET_RATIO,
      budgetBurst: env.LEGACY_RETRY_BUDGET_BURST,
    },
    breaker: { consecutiveFailures: env.LEGACY_BREAKER_FAILURES, halfOpenAfterMs: env.LEGACY_BREAKER_HALF_OPEN_AFTER_MS },
    bulkhead: {
      concurrency: env.LEGACY_BULKHEAD_CONCURRENCY,
      queue: env.LEGACY_BULKHEAD_QUEUE,
      queueWaitMs: env.LEGACY_BULKHEAD_QUEUE_WAIT_MS,
      ratePerSecond: env.LEGACY_RATE_PER_SECOND,
    },
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
    : { accountUrl: azureServiceUrl(env.AZURE_STORAGE_ACCOUNT_URL!, service), ...managedIdentity(env) };
}

/** The user-assigned managed identity to use, when AZURE_CLIENT_ID names one (else nothing: the system-assigned one). */
function managedIdentity(env: Env): { managedIdentityClientId?: string } {
  return env.AZURE_CLIENT_ID === undefined ? {} : { managedIdentityClientId: env.AZURE_CLIENT_ID };
}

function ingestionConfig(env: Env): IngestionConfig {
  return {
    searchIndex:
      env.SEARCH_INDEX === 'sqlite'
        ? { kind: 'sqlite', path: join(env.DATA_DIR, 'search.sqlite') }
        : { kind: 'azure-search', endpoint: env.AZURE_SEARCH_ENDPOINT!, indexName: env.AZURE_SEARCH_INDEX_NAME, apiKey: env.AZURE_SEARCH_API_KEY ?? null, ...managedIdentity(env) },
    ocr: { mode: env.OCR, documentIntelligenceEndpoint: env.AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT ?? null, languages: env.OCR_LANGUAGES, maxMegapixels: env.OCR_MAX_MEGAPIXELS, ...managedIdentity(env) },
    concurrency: env.INGESTION_CONCURRENCY,
    coveredText: env.INGESTION_COVERED_TEXT === 'on',
    documentsInFlight: env.INGESTION_DOCUMENTS_IN_FLIGHT,
    childMemoryMb: env.INGESTION_CHILD_MEMORY_MB,
    sandbox: { timeoutMs: env.SANDBOX_TIMEOUT_MS, maxMemoryMb: env.SANDBOX_MEMORY_MB },
    maxDocumentBytes: env.MAX_DOCUMENT_BYTES,
    workDir: join(env.DATA_DIR, 'work'),
    indexSweepIntervalMs: env.INDEX_SWEEP_INTERVAL_MS,
  };
}

// Identity provider keys (issue 11)
function signingKeySetConfig(env: Env): SigningKeySetConfig {
  return {
    refreshAheadMs: env.AUTH_JWKS_REFRESH_AHEAD_MS,
    staleAfterMs: env.AUTH_JWKS_STALE_AFTER_MS,
    maxStaleMs: env.AUTH_JWKS_MAX_STALE_MS,
    refetchIntervalMs: env.AUTH_JWKS_REFETCH_INTERVAL_MS,
    timeoutMs: env.AUTH_JWKS_TIMEOUT_MS,
  };
}

function storageConfig(env: Env): StorageConfig {
  return {
    stateStore: stateStoreConfig(env),
    blobStore:
      env.BLOB_STORE === 'fs'
        ? { kind: 'fs', root: join(env.DATA_DIR, 'blobs') }
        : { kind: 'azure-blob', container: env.AZURE_BLOB_CONTAINER, ...azureStorageAccess(env, 'blob') },
    jobQueue: env.JOB_QUEUE === 'in-process' ? { kind: 'in-process' } : { kind: 'azure-queue', ...azureStorageAccess(env, 'queue') },
  };
}

function stateStoreConfig(env: Env): StateStoreConfig {
  if (env.STATE_STORE === 'sqlite') return { kind: 'sqlite', path: join(env.DATA_DIR, 'state.sqlite') };
  return env.AZURE_STORAGE_CONNECTION_STRING !== undefined
    ? { kind: 'azure-table', connectionString: env.AZURE_STORAGE_CONNECTION_STRING }
    : { kind: 'azure-table', accountUrl: env.AZURE_STORAGE_ACCOUNT_URL!, ...managedIdentity(env) };
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
