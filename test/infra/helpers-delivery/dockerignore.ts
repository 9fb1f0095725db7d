/**
 * `.dockerignore` matching as the Docker builder does it: patterns are relative to the context root,
 * `*` and `?` stay within one path segment, `**` spans any number, a pattern that matches a directory
 * excludes everything under it, `!` re-includes, and the last matching line wins.
 */

interface Rule {
  readonly pattern: string;
  readonly negated: boolean;
  readonly regex: RegExp;
}

export class DockerIgnore {
  private readonly rules: readonly Rule[];

  constructor(text: string) {
    this.rules = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const negated = line.startsWith('!');
        const pattern = clean(negated ? line.slice(1) : line);
        return { pattern, negated, regex: toRegex(pattern) };
      });
  }

  get patterns(): readonly string[] {
    return this.rules.map((rule) => (rule.negated ? `!${rule.pattern}` : rule.pattern));
  }

  /** Whether `path` (relative to the context, `/`-separated) is left out of the build context. */
  ignores(path: string): boolean {
    const target = clean(path);
    const segments = target.split('/');
    const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of this.rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negated;
    }
    return ignored;
  }
}

function clean(path: string): string {
  return path.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

function toRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` anything.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
