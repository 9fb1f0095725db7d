import { z } from 'zod';
import type { RouteDefinition } from './route-definition.js';

export const ROUTE_MODES = ['legacy', 'shadow', 'canary', 'modern'] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];

/** What an operator asks of a route (file entry or admin change). */
export const routeSettingsSchema = z
  .object({
    mode: z.enum(ROUTE_MODES),
    /** Canary: share of users (0–100, two decimals) routed to modern by a stable hash of the user id. */
    percent: z.number().min(0).max(100).optional(),
    /** Canary: user ids always routed to modern. */
    cohort: z.array(z.string().min(1).max(256)).max(10_000).optional(),
    /** Modern and canary: on a modern error or a blown latency budget, answer from legacy instead (reads only). */
    fallback: z.boolean().optional(),
    /** Canary and modern on a write route: required, so that writes move to modern only by explicit opt-in. */
    allowWrites: z.boolean().optional(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    if (settings.mode === 'canary') {
      if ((settings.percent ?? 0) === 0 && (settings.cohort ?? []).length === 0) {
        ctx.addIssue({ code: 'custom', message: 'canary needs a percent above 0 or a cohort', path: ['percent'] });
      }
    } else if (settings.percent !== undefined || settings.cohort !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'percent and cohort apply to canary only', path: ['mode'] });
    }
    if (settings.fallback === true && settings.mode !== 'modern' && settings.mode !== 'canary') {
      ctx.addIssue({ code: 'custom', message: 'fallback applies to modern and canary only', path: ['fallback'] });
    }
  });

export type RouteSettings = z.infer<typeof routeSettingsSchema>;

/** The desired state of a route: settings plus who set them, when and why. */
export interface RouteState extends RouteSettings {
  /** Increases by one with every change; stores use it to refuse a change based on a stale state. */
  readonly revision: number;
  /** ISO-8601 instant. */
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly reason: string;
}

/** One audited change of the route table: who, when, from what to what, why. */
export interface RouteChangeRecord {
  readonly route: string;
  readonly actor: string;
  /** ISO-8601 instant. */
  readonly at: string;
  readonly reason: string;
  /** Null when the route had no stored state (it was in legacy by default). */
  readonly from: RouteState | null;
  readonly to: RouteState;
}

export const reasonSchema = z.string().trim().min(3).max(500);
export const actorSchema = z.string().trim().min(1).max(256);

export const LEGACY_SETTINGS: RouteSettings = Object.freeze({ mode: 'legacy' });

/**
 * Why these settings cannot apply to this route, or null when they can. Writes are never performed
 * twice: shadow on a write needs a modern dry-run; canary and modern on a write need allowWrites; a
 * write never falls back (a failed modern write may have been applied).
 */
export function settingsProblem(definition: RouteDefinition<unknown, unknown>, settings: RouteSettings): string | null {
  if (settings.mode === 'legacy') return null;
  const write = definition.kind === 'write';
  if (settings.mode === 'shadow') {
    if (definition.stream === true) return `${definition.name} answers a stream: shadow would read the bytes twice`;
    if (write) return definition.modernDryRun === undefined ? `${definition.name} is a write and its modern side has no dry-run plan: shadow would perform the write twice` : null;
    return definition.modern === undefined ? `${definition.name} has no modern implementation` : null;
  }
  if (definition.modern === undefined) return `${definition.name} has no modern implementation`;
  if (write && settings.allowWrites !== true) return `${definition.name} is a write: ${settings.mode} needs allowWrites: true`;
  if (write && settings.fallback === true) return `${definition.name} is a write: it cannot fall back to legacy (the modern write may have been applied)`;
  return null;
}

/** Settings part of a state, without the audit fields (for comparisons and the admin API). */
export function settingsOf(state: RouteSettings): RouteSettings {
  const settings: { -readonly [K in keyof RouteSettings]: RouteSettings[K] } = { mode: state.mode };
  if (state.percent !== undefined) settings.percent = state.percent;
  if (state.cohort !== undefined) settings.cohort = [...state.cohort];
  if (state.fallback !== undefined) settings.fallback = state.fallback;
  if (state.allowWrites !== undefined) settings.allowWrites = state.allowWrites;
  return settings;
}

export function sameSettings(a: RouteSettings, b: RouteSettings): boolean {
  return JSON.stringify(settingsOf(a)) === JSON.stringify(settingsOf(b));
}

/** Turns zod issues into one readable line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
