import { matchesPath, parsePath, valueAt, type Location, type PathSegment } from './json-path.js';
import type { CompareRules } from './route-definition.js';

/** `missing`: legacy has it, modern does not; `extra`: modern has it, legacy does not. */
export type DifferenceKind = 'changed' | 'type' | 'missing' | 'extra';

export interface Difference {
  readonly location: Location;
  readonly kind: DifferenceKind;
  readonly legacy: unknown;
  readonly modern: unknown;
}

export interface CompiledCompareRules {
  readonly ignore: readonly (readonly PathSegment[])[];
  readonly unordered: readonly { readonly path: readonly PathSegment[]; readonly key: readonly PathSegment[] | null }[];
  readonly normalise: ((answer: unknown) => unknown) | null;
  readonly normalisers: readonly { readonly path: readonly PathSegment[]; readonly normalise: (value: unknown) => unknown }[];
}

/** Parses a route's rules once, at registration; throws on a malformed path. */
export function compileCompareRules(rules: CompareRules = {}): CompiledCompareRules {
  return {
    ignore: (rules.ignore ?? []).map((path) => parsePath(path)),
    unordered: (rules.unordered ?? []).map((rule) => ({
      path: parsePath(rule.path),
      key: rule.key === undefined ? null : keyPath(rule.key),
    })),
    normalise: rules.normalise ?? null,
    normalisers: (rules.normalisers ?? []).map((rule) => ({ path: parsePath(rule.path), normalise: rule.normalise })),
  };
}

function keyPath(text: string): PathSegment[] {
  const path = parsePath(text);
  if (path.some((segment) => segment.kind !== 'key' && segment.kind !== 'index')) throw new Error(`unordered key "${text}" must name a field`);
  return path;
}

export const DEFAULT_MAX_DIFFERENCES = 50;

/** Structural differences between a legacy and a modern answer under a route's rules (at most `maxDifferences`). */
export function compareAnswers(legacy: unknown, modern: unknown, rules: CompiledCompareRules, maxDifferences = DEFAULT_MAX_DIFFERENCES): Difference[] {
  const walker = new Walker(rules, maxDifferences);
  const normalise = rules.normalise;
  walker.walk(normalise === null ? legacy : normalise(legacy), normalise === null ? modern : normalise(modern), []);
  return walker.differences;
}

export type Shape = 'absent' | 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';

/** The JSON-ish kind of a value; shared with the diff redactor, which records kinds instead of values. */
export function shapeOf(value: unknown): Shape {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'other';
  }
  return 'other';
}

/** Dates compare as their ISO text, as they would after JSON serialisation. */
function plain(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

class Walker {
  readonly differences: Difference[] = [];

  constructor(
    private readonly rules: CompiledCompareRules,
    private readonly max: number,
  ) {}

  walk(rawLegacy: unknown, rawModern: unknown, location: (string | number)[]): void {
    if (this.differences.length >= this.max || this.ignored(location)) return;
    let legacy = plain(rawLegacy);
    let modern = plain(rawModern);
    for (const rule of this.rules.normalisers) {
      if (matchesPath(rule.path, location)) {
        legacy = rule.normalise(legacy);
        modern = rule.normalise(modern);
      }
    }
    const legacyShape = shapeOf(legacy);
    const modernShape = shapeOf(modern);
    if (legacyShape === 'absent' && modernShape === 'absent') return;
    if (legacyShape === 'absent' || modernShape === 'absent' || legacyShape !== modernShape) {
      const kind: DifferenceKind = legacyShape === 'absent' ? 'extra' : modernShape === 'absent' ? 'missing' : 'type';
      this.report(location, kind, legacy, modern);
      return;
    }
    if (legacyShape === 'array') {
      const unordered = this.rules.unordered.find((rule) => matchesPath(rule.path, location));
      if (unordered === undefined) this.walkOrdered(legacy as unknown[], modern as unknown[], location);
      else this.walkUnordered(legacy as unknown[], modern as unknown[], location, unordered.key);
      return;
    }
    if (legacyShape === 'object') {
      const legacyRecord = legacy as Record<string, unknown>;
      const modernRecord = modern as Record<string, unknown>;
      for (const key of Object.keys(legacyRecord)) this.child(legacyRecord[key], modernRecord[key], location, key);
      for (const key of Object.keys(modernRecord)) {
        if (!Object.prototype.hasOwnProperty.call(legacyRecord, key)) this.child(undefined, modernRecord[key], location, key);
      }
      return;
    }
    const equal = legacy === modern || (typeof legacy === 'number' && Number.isNaN(legacy) && Number.isNaN(modern));
    if (!equal) this.report(location, 'changed', legacy, modern);
  }

  private child(legacy: unknown, modern: unknown, location: (string | number)[], step: string | number): void {
    location.push(step);
    this.walk(legacy, modern, location);
    location.pop();
  }

  private walkOrdered(legacy: unknown[], modern: unknown[], location: (string | number)[]): void {
    const length = Math.max(legacy.length, modern.length);
    for (let i = 0; i < length; i += 1) this.child(legacy[i], modern[i], location, i);
  }

  /** Pairs elements by key (or, without one, by equal content), then compares the pairs and reports the rest. */
  private walkUnordered(legacy: unknown[], modern: unknown[], location: (string | number)[], key: readonly PathSegment[] | null): void {
    const identity = (element: unknown, index: number): string => {
      if (key !== null) return canonical(valueAt(element, key), [], this.rules);
      location.push(index);
      const text = canonical(element, location, this.rules);
      location.pop();
      return text;
    };
    const modernByIdentity = new Map<string, number[]>();
    modern.forEach((element, index) => {
      const id = identity(element, index);
      const list = modernByIdentity.get(id);
      if (list === undefined) modernByIdentity.set(id, [index]);
      else list.push(index);
    });
    const pairedModern = new Set<number>();
    const unpairedLegacy: number[] = [];
    legacy.forEach((element, index) => {
      const match = modernByIdentity.get(identity(element, index))?.shift();
      if (match === undefined) {
        unpairedLegacy.push(index);
        return;
      }
      pairedModern.add(match);
      if (key !== null) this.child(element, modern[match], location, index);
    });
    const unpairedModern = modern.map((_, index) => index).filter((index) => !pairedModern.has(index));
    if (key !== null) {
      for (const index of unpairedLegacy) this.child(legacy[index], undefined, location, index);
      for (const index of unpairedModern) this.child(undefined, modern[index], location, index);
      return;
    }
    // Without a key, leftovers are paired in order so that a changed element shows its changed fields.
    const length = Math.max(unpairedLegacy.length, unpairedModern.length);
    for (let i = 0; i < length; i += 1) {
      const legacyIndex = unpairedLegacy[i];
      const modernIndex = unpairedModern[i];
      this.child(legacyIndex === undefined ? undefined : legacy[legacyIndex], modernIndex === undefined ? undefined : modern[modernIndex], location, legacyIndex ?? modernIndex);
    }
  }

  private ignored(location: Location): boolean {
    for (const pattern of this.rules.ignore) if (matchesPath(pattern, location)) return true;
    return false;
  }

  private report(location: Location, kind: DifferenceKind, legacy: unknown, modern: unknown): void {
    this.differences.push({ location: [...location], kind, legacy, modern });
  }
}

/** A canonical text of a value under the rules (ignored paths dropped, keys sorted, unordered arrays sorted). */
function canonical(value: unknown, location: (string | number)[], rules: CompiledCompareRules): string {
  if (rules.ignore.some((pattern) => matchesPath(pattern, location))) return '~';
  let current = plain(value);
  for (const rule of rules.normalisers) if (matchesPath(rule.path, location)) current = rule.normalise(current);
  if (current === undefined) return '~';
  if (current === null || typeof current !== 'object') return typeof current === 'bigint' ? current.toString() : JSON.stringify(current) ?? '~';
  if (Array.isArray(current)) {
    const parts = current.map((element, index) => {
      location.push(index);
      const text = canonical(element, location, rules);
      location.pop();
      return text;
    });
    if (rules.unordered.some((rule) => matchesPath(rule.path, location))) parts.sort();
    return `[${parts.join(',')}]`;
  }
  const record = current as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    location.push(key);
    const text = canonical(record[key], location, rules);
    location.pop();
    if (text !== '~') parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
