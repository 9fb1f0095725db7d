import { isExpression, stringsIn } from './terraform-model.js';

/** Values that are credentials whatever attribute holds them. */
const SECRET_VALUE_PATTERNS: readonly [string, RegExp][] = [
  ['a storage account key or connection string', /AccountKey=|SharedAccessSignature=|DefaultEndpointsProtocol=/i],
  ['a SAS token', /[?&]sig=[A-Za-z0-9%+/=]{10,}/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a JSON web token', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./],
  ['a long base64 or hex value (a key?)', /^(?:[A-Za-z0-9+/]{40,}={0,2}|[0-9a-f]{40,})$/],
  ['an Application Insights instrumentation key or connection string', /InstrumentationKey=/i],
  ['a password in a URL', /:\/\/[^/\s:@]+:[^/\s@]+@/],
];

/** Attributes whose literal value would be a secret. */
const SECRET_NAME = /(password|passwd|secret|(^|_)token$|connection_?string|(access|account|api|hash|recording|shared|private|client|master|primary|secondary|instrumentation)_?key$|sas_?(token|url)$)/i;

export interface SecretFinding {
  readonly file: string;
  readonly path: string;
  readonly reason: string;
}

/**
 * Literals that look like credentials: a value shaped like one, or a literal given to a secret-named attribute.
 * `allowedNames` are literal values known not to be secrets (the Key Vault secrets' names).
 */
export function findSecretLiterals(file: string, parsed: unknown, allowedNames: ReadonlySet<string> = new Set()): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const { path, value } of stringsIn(parsed)) {
    const where = path.join('.');
    for (const [reason, pattern] of SECRET_VALUE_PATTERNS) if (pattern.test(value)) findings.push({ file, path: where, reason });
    const attribute = [...path].reverse().find((segment) => !/^\d+$/.test(segment)) ?? '';
    if (SECRET_NAME.test(attribute) && value !== '' && !isExpression(value) && !allowedNames.has(value)) {
      findings.push({ file, path: where, reason: `a literal value for the secret-named ${attribute}` });
    }
  }
  return findings;
}
