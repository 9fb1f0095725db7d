import { createHmac } from 'node:crypto';
import type { CompiledCompareRules } from '../comparator.js';
import { matchesPath } from '../json-path.js';

/**
 * Removes personal data from a recorded call before anything is stored (ADR 0026). Kept: object keys, array
 * lengths, booleans, null, and the values of id fields (a key named `id`, ending in `Id` such as `caseId`,
 * `versionId`, `parentDocumentId`, or `urn`, the case reference). Every other value becomes a keyed hash
 * token (`~h:` + the first 20 hex digits of an HMAC-SHA256), so equal values stay equal without being
 * readable. Paths the route's compare rules ignore are dropped (set to null inside arrays, so that lengths
 * hold); the rules' normalisers run before hashing, as the comparator would run them before comparing.
 */
export const HASH_TOKEN = /^~h:[0-9a-f]{20}$/;

/** Where the caller stood in the args: replay puts the `as` user there. */
export const CALLER_MARK = '$caller';

export function isIdKey(key: string): boolean {
  return key === 'id' || key === 'urn' || /^[a-z][A-Za-z0-9]*Id$/.test(key);
}

/** A plain JSON-ish value (no streams, buffers or class instances): only those are recorded. */
export function isRecordable(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || value === undefined) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object': {
      if (value instanceof Date) return true;
      if (Array.isArray(value)) return value.every((element) => isRecordable(element, depth + 1));
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return false;
      return Object.values(value as Record<string, unknown>).every((element) => isRecordable(element, depth + 1));
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return false;
  }
  return false;
}

/** The parameter names of each route's port method after the caller, so that positional args get id rules. */
export const ROUTE_ARGUMENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  'cases.findByUrn': ['caller', 'urn'],
  'cases.getSummary': ['caller', 'caseId'],
  'cases.checkAccess': ['caller', 'caseId'],
  'cases.getDefendants': ['caller', 'caseId'],
  'cases.getWitnesses': ['caller', 'caseId'],
  'documents.list': ['caller', 'caseId'],
  'documents.getInfo': ['caller', 'caseId', 'documentId', 'versionId'],
  'documents.rename': ['caller', 'caseId', 'documentId', 'title'],
  'documents.reclassify': ['caller', 'caseId', 'documentId', 'category'],
  'documents.setUsed': ['caller', 'caseId', 'documentId', 'isUsed'],
  'notes.list': ['caller', 'caseId'],
  'notes.add': ['caller', 'caseId', 'text'],
  'documents.checkOut': ['caller', 'caseId', 'documentId', 'versionId'],
  'documents.cancelCheckOut': ['caller', 'caseId', 'documentId'],
};

/** Routes never recorded: their args or answers are streams. */
export const UNRECORDABLE_ROUTES: ReadonlySet<string> = new Set(['documents.getContent', 'documents.checkIn']);

export class RecordingSanitiser {
  constructor(private readonly hashKey: Buffer) {}

  /** The keyed hash token of a value; a token is left as it is, so that a hashed input echoed back stays equal. */
  hash(value: unknown): string {
    if (typeof value === 'string' && HASH_TOKEN.test(value)) return value;
    return `~h:${createHmac('sha256', this.hashKey).update(stableText(value)).digest('hex').slice(0, 20)}`;
  }

  /** An answer (legacy as recorded, or modern during a replay) under the route's rules. */
  answer(answer: unknown, rules: CompiledCompareRules): unknown {
    const normalised = rules.normalise === null ? answer : rules.normalise(answer);
    return this.walk(normalised, [], false, rules);
  }

  /**
   * A call's args: positional (the port method's argument list) or named. A caller ({ username, correlationId })
   * becomes `{ $caller: <hash of the username> }`; the correlation id is dropped.
   */
  args(route: string, args: unknown): unknown {
    if (Array.isArray(args)) {
      const names = ROUTE_ARGUMENT_NAMES[route] ?? [];
      return args.map((value, index) => this.argument(names[index] ?? `arg${index}`, value));
    }
    if (isCaller(args)) return { [CALLER_MARK]: this.hash(args.username) };
    if (args !== null && typeof args === 'object') {
      return Object.fromEntries(Object.entries(args as Record<string, unknown>).map(([key, value]) => [key, this.argument(key, value)]));
    }
    return this.walk(args, [], false, null);
  }

  private argument(name: string, value: unknown): unknown {
    if (isCaller(value)) return { [CALLER_MARK]: this.hash(value.username) };
    return this.walk(value, [], isIdKey(name), null);
  }

  private walk(raw: unknown, location: (string | number)[], atId: boolean, rules: CompiledCompareRules | null): unknown {
    let value = raw instanceof Date ? raw.toISOString() : raw;
    if (rules !== null) for (const rule of rules.normalisers) if (matchesPath(rule.path, location)) value = rule.normalise(value);
    if (value === null || value === undefined || typeof value === 'boolean') return value ?? null;
    if (Array.isArray(value)) {
      return value.map((element, index) => {
        location.push(index);
        const kept = this.ignored(rules, location) ? null : this.walk(element, location, false, rules);
        location.pop();
        return kept;
      });
    }
    if (typeof value === 'object') {
      const result: Record<string, unknown> = {};
      for (const [key, element] of Object.entries(value as Record<string, unknown>)) {
        location.push(key);
        if (!this.ignored(rules, location) && element !== undefined) result[key] = this.walk(element, location, isIdKey(key), rules);
        location.pop();
      }
      return result;
    }
    if (atId && (typeof value === 'string' || typeof value === 'number')) return value;
    return this.hash(value);
  }

  private ignored(rules: CompiledCompareRules | null, location: (string | number)[]): boolean {
    return rules !== null && rules.ignore.some((pattern) => matchesPath(pattern, location));
  }
}

function isCaller(value: unknown): value is { username: string; correlationId?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  return typeof record.username === 'string' && keys.every((key) => key === 'username' || key === 'correlationId' || key === 'subject');
}

/** Type-tagged so that 1 and "1" hash apart. */
function stableText(value: unknown): string {
  if (typeof value === 'bigint') return `bigint:${value.toString()}`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return `${typeof value}:${String(value)}`;
  return `${typeof value}:${JSON.stringify(value) ?? ''}`;
}
