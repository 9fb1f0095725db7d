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

    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_JWKS_URL: optionalUrl,
    /** Token claim that carries the user's legacy username. */
    AUTH_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
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
    if (env.APP_ENV === 'production') {
      if (legacySet === 0) ctx.addIssue({ code: 'custom', message: 'production refuses the legacy CMS stand-in: set the LEGACY_* variables' });
      if (authSet === 0) ctx.addIssue({ code: 'custom', message: 'production refuses the dev token issuer: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface LegacyEndpoints {
  readonly soapUrl: string;
  readonly graphqlUrl: string;
  readonly filesUrl: string;
  readonly serviceUsername: string;
  readonly servicePassword: string;
}

export type AuthConfig =
  | { readonly mode: 'jwks'; readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly usernameClaim: string }
  | { readonly mode: 'dev'; readonly issuer: string; readonly audience: string; readonly usernameClaim: string };

export interface AppConfig {
  readonly env: Env['APP_ENV'];
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly bodyLimitBytes: number;
  /** Embedded: the dev bootstrap starts the stand-in and fills in `legacy` before the app is built. */
  readonly legacyMode: 'embedded' | 'remote';
  readonly legacy: LegacyEndpoints | null;
  readonly legacyTimeoutMs: number;
  readonly caseAccessCacheMs: number;
  readonly auth: AuthConfig;
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
export function parseConfig(source: Record<string, string | undefined>): AppConfig {
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
    auth:
      env.AUTH_JWKS_URL !== undefined
        ? { mode: 'jwks', issuer: env.AUTH_ISSUER!, audience: env.AUTH_AUDIENCE!, jwksUrl: env.AUTH_JWKS_URL, usernameClaim: env.AUTH_USERNAME_CLAIM }
        : { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: env.AUTH_USERNAME_CLAIM },
  };
}

/** The only place that reads process.env. */
export function loadConfig(): AppConfig {
  return parseConfig(process.env);
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
