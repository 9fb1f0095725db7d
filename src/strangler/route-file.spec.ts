import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadRouteFile, parseRouteFile, RouteFileError } from './route-file.js';

describe('route file', () => {
  it('reads each route with its settings and reason', () => {
    const file = parseRouteFile(`
routes:
  cases.getSummary:
    mode: canary
    percent: 12.5
    cohort: [pilot-1]
    fallback: true
    reason: first canary
  documents.list:
    mode: shadow
`);
    expect(file.get('cases.getSummary')).toEqual({ settings: { mode: 'canary', percent: 12.5, cohort: ['pilot-1'], fallback: true }, reason: 'first canary' });
    expect(file.get('documents.list')?.settings).toEqual({ mode: 'shadow' });
    expect(file.get('documents.list')?.reason).toMatch(/committed/);
  });

  it('accepts an empty file and a file without routes', () => {
    expect(parseRouteFile('').size).toBe(0);
    expect(parseRouteFile('routes:\n').size).toBe(0);
  });

  it.each([
    ['an unknown mode', 'routes:\n  cases.getSummary:\n    mode: sideways\n', /cases.getSummary: mode/],
    ['a percent over 100', 'routes:\n  cases.getSummary:\n    mode: canary\n    percent: 120\n', /percent/],
    ['canary without percent or cohort', 'routes:\n  cases.getSummary:\n    mode: canary\n', /canary needs/],
    ['percent outside canary', 'routes:\n  cases.getSummary:\n    mode: modern\n    percent: 5\n', /canary only/],
    ['an unknown field', 'routes:\n  cases.getSummary:\n    mode: legacy\n    colour: red\n', /colour|Unrecognized/],
    ['a malformed route name', 'routes:\n  Cases:\n    mode: legacy\n', /resource.operation/],
    ['an unknown top-level key', 'route:\n  cases.getSummary:\n    mode: legacy\n', /route/],
    ['YAML aliases', 'x: &a { mode: legacy }\nroutes:\n  cases.getSummary: *a\n', /YAML/],
  ])('refuses %s', (_label, text, message) => {
    expect(() => parseRouteFile(text)).toThrow(RouteFileError);
    expect(() => parseRouteFile(text)).toThrow(message);
  });

  it('parses the committed config/routes.yaml', async () => {
    const file = await loadRouteFile('config/routes.yaml');
    expect(file.size).toBeGreaterThan(0);
    for (const entry of file.values()) expect(entry.reason.length).toBeGreaterThan(2);
  });

  it('treats a missing file as all-legacy and reads an existing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routes-'));
    try {
      expect((await loadRouteFile(join(dir, 'absent.yaml'))).size).toBe(0);
      await writeFile(join(dir, 'routes.yaml'), 'routes:\n  documents.list:\n    mode: shadow\n');
      expect((await loadRouteFile(join(dir, 'routes.yaml'))).get('documents.list')?.settings.mode).toBe('shadow');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
