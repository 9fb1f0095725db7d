/**
 * The small JSONPath subset the comparator's rules use: `$`, `.name`, `['name']`, `[3]`, `[*]`, `.*`
 * and `..` (any depth). A concrete location is a list of keys (strings) and indexes (numbers).
 */
export type PathSegment =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'any-key' }
  | { readonly kind: 'any-index' }
  | { readonly kind: 'descend' };

export type Location = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*/;
const SAFE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;

export function parsePath(text: string): PathSegment[] {
  const source = text.startsWith('$') ? text : `$.${text}`;
  const segments: PathSegment[] = [];
  let i = 1;
  const fail = (): never => {
    throw new Error(`invalid path "${text}" at character ${i}`);
  };
  while (i < source.length) {
    if (source.startsWith('..', i)) {
      segments.push({ kind: 'descend' });
      i += 2;
      if (source[i] === '[') continue;
      i = readDotted(source, i, segments, fail);
    } else if (source[i] === '.') {
      i = readDotted(source, i + 1, segments, fail);
    } else if (source[i] === '[') {
      const close = source.indexOf(']', i);
      if (close < 0) fail();
      const inner = source.slice(i + 1, close);
      if (inner === '*') segments.push({ kind: 'any-index' });
      else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) segments.push({ kind: 'key', name: inner.slice(1, -1) });
      else fail();
      i = close + 1;
    } else {
      fail();
    }
  }
  return segments;
}

function readDotted(source: string, start: number, segments: PathSegment[], fail: () => never): number {
  if (source[start] === '*') {
    segments.push({ kind: 'any-key' });
    return start + 1;
  }
  const name = IDENTIFIER.exec(source.slice(start))?.[0];
  if (name === undefined) fail();
  segments.push({ kind: 'key', name: name });
  return start + name.length;
}

/** Whether a concrete location matches a parsed pattern in full. */
export function matchesPath(pattern: readonly PathSegment[], location: Location): boolean {
  return matchFrom(pattern, 0, location, 0);
}

function matchFrom(pattern: readonly PathSegment[], p: number, location: Location, l: number): boolean {
  if (p === pattern.length) return l === location.length;
  const segment = pattern[p];
  if (segment.kind === 'descend') {
    for (let skip = l; skip <= location.length; skip += 1) {
      if (matchFrom(pattern, p + 1, location, skip)) return true;
    }
    return false;
  }
  if (l === location.length) return false;
  const step = location[l];
  switch (segment.kind) {
    case 'key':
      return step === segment.name && matchFrom(pattern, p + 1, location, l + 1);
    case 'index':
      return step === segment.index && matchFrom(pattern, p + 1, location, l + 1);
    case 'any-key':
      return typeof step === 'string' && matchFrom(pattern, p + 1, location, l + 1);
    case 'any-index':
      return typeof step === 'number' && matchFrom(pattern, p + 1, location, l + 1);
  }
}

/** The value at a simple relative path (keys and indexes only), or undefined. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (segment.kind === 'key') current = (current as Record<string, unknown>)[segment.name];
    else if (segment.kind === 'index') current = Array.isArray(current) ? current[segment.index] : undefined;
    else throw new Error('key paths take names and indexes only');
  }
  return current;
}

/**
 * `$.documents[3].title`; with `wildcardIndexes`, `$.documents[*].title` (a bounded label for counting).
 * Keys that are not short identifiers may be data (a map keyed by name), so they print as `['?']`.
 */
export function formatLocation(location: Location, wildcardIndexes = false): string {
  let text = '$';
  for (const step of location) {
    if (typeof step === 'number') text += wildcardIndexes ? '[*]' : `[${step}]`;
    else text += SAFE_KEY.test(step) ? `.${step}` : `['?']`;
  }
  return text;
}
