import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROUTE_NAME_PATTERN } from './route-definition.js';
import { describeIssues, reasonSchema, routeSettingsSchema, type RouteSettings } from './route-state.js';

/** The committed desired state (`config/routes.yaml`): routes not listed are in legacy mode. */
export interface RouteFileEntry {
  readonly settings: RouteSettings;
  readonly reason: string;
}

export type RouteFile = ReadonlyMap<string, RouteFileEntry>;

export const DEFAULT_ROUTE_FILE = 'config/routes.yaml';
/** The actor recorded when the file seeds a route's state. */
export const ROUTE_FILE_ACTOR = 'config:routes.yaml';

const fileSchema = z
  .object({ routes: z.record(z.string(), z.record(z.string(), z.unknown())).nullish() })
  .strict();

export class RouteFileError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'RouteFileError';
  }
}

export function parseRouteFile(text: string, source = DEFAULT_ROUTE_FILE): RouteFile {
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 0 }) ?? {};
  } catch (error) {
    throw new RouteFileError(source, `not valid YAML (${error instanceof Error ? error.message : 'unknown error'})`);
  }
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) throw new RouteFileError(source, describeIssues(parsed.error));
  const entries = new Map<string, RouteFileEntry>();
  for (const [route, raw] of Object.entries(parsed.data.routes ?? {})) {
    if (!ROUTE_NAME_PATTERN.test(route)) throw new RouteFileError(source, `${route}: route names look like "resource.operation"`);
    const { reason, ...rest } = raw;
    const settings = routeSettingsSchema.safeParse(rest);
    if (!settings.success) throw new RouteFileError(source, `${route}: ${describeIssues(settings.error)}`);
    const why = reasonSchema.safeParse(reason ?? 'committed in config/routes.yaml');
    if (!why.success) throw new RouteFileError(source, `${route}.reason: ${describeIssues(why.error)}`);
    entries.set(route, { settings: settings.data, reason: why.data });
  }
  return entries;
}

/** Reads the route file; a missing file means every route is in legacy mode. */
export async function loadRouteFile(path: string): Promise<RouteFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  return parseRouteFile(text, path);
}
