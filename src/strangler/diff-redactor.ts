import { createHmac, randomBytes } from 'node:crypto';
import { shapeOf, type Difference, type DifferenceKind } from './comparator.js';
import { formatLocation } from './json-path.js';

/** A value as a diff sample shows it: its type and a short keyed hash, never the value itself. */
export interface RedactedValue {
  readonly type: 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';
  /** First 8 hex digits of an HMAC with a per-process random key: equal values hash alike within one process only. */
  readonly hash: string;
}

export interface RedactedDifference {
  /** Concrete location, e.g. `$.documents[3].title` (keys that may be data print as `['?']`). */
  readonly path: string;
  /** The location with indexes wildcarded, e.g. `$.documents[*].title`: what mismatches are counted by. */
  readonly pattern: string;
  readonly kind: DifferenceKind;
  readonly legacy: RedactedValue | null;
  readonly modern: RedactedValue | null;
}

/** Removes every value from differences; a new random key per redactor (per process). */
export class DiffRedactor {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  redact(difference: Difference): RedactedDifference {
    return {
      path: formatLocation(difference.location),
      pattern: formatLocation(difference.location, true),
      kind: difference.kind,
      legacy: difference.kind === 'extra' ? null : this.redactValue(difference.legacy),
      modern: difference.kind === 'missing' ? null : this.redactValue(difference.modern),
    };
  }

  redactValue(value: unknown): RedactedValue {
    return { type: typeOf(value), hash: createHmac('sha256', this.key).update(stableText(value)).digest('hex').slice(0, 8) };
  }
}

function typeOf(value: unknown): RedactedValue['type'] {
  const shape = shapeOf(value);
  return shape === 'absent' ? 'other' : shape;
}

function stableText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value.toString()}n`;
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return `${typeof value}:${String(value)}`;
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableText(record[key])}`)
    .join(',')}}`;
}
