import type { LegacyCmsMethod, LegacyInterface, LegacyOperation } from '../../legacy/legacy-operations.js';
import { routeOfMethod } from '../legacy-cms-routes.js';
import type { RouteMode } from '../route-state.js';

/**
 * `unwrapped`: no port method calls it; `wrapped`: a port method does, but none of them is a route;
 * `routed`: a route reaches it; `migrated`: every route that reaches it is on modern for all users with no
 * fallback in the window, so the facade no longer needs it (modern code may still call it itself).
 */
export type LegacyOperationStatus = 'unwrapped' | 'wrapped' | 'routed' | 'migrated';

export interface LegacyOperationCoverage {
  readonly interface: LegacyInterface;
  readonly name: string;
  readonly status: LegacyOperationStatus;
  readonly methods: readonly string[];
  readonly routes: readonly string[];
  /** Calls of its routes in the window (an upper bound: a call of a route may not reach every operation it can). */
  readonly calls: number;
  /** Routed, and none of its routes was called in the window. */
  readonly neverCalled: boolean;
  readonly note: string | null;
}

export interface LegacyCoverageReport {
  readonly generatedAt: string;
  readonly windowHours: number;
  /** What the call counts cover. */
  readonly countsScope: string;
  readonly totals: Readonly<Record<LegacyOperationStatus, number>> & { readonly neverCalled: number };
  readonly operations: readonly LegacyOperationCoverage[];
  /** Operations no port method wraps. */
  readonly unwrapped: readonly string[];
}

export interface RouteModeView {
  readonly name: string;
  readonly mode: RouteMode;
  /** Canary share (0–100); 100 for modern. */
  readonly modernPercent: number;
}

export interface LegacyCoverageInput {
  readonly operations: readonly LegacyOperation[];
  /** Registered routes with their effective modes. */
  readonly routes: readonly RouteModeView[];
  readonly calls: ReadonlyMap<string, number>;
  readonly fallbacks: ReadonlyMap<string, number>;
  readonly windowHours: number;
  readonly countsScope: string;
  readonly now: Date;
}

/** Pure: the coverage of each legacy operation from the table, the route modes and the calls in a window. */
export function buildLegacyCoverage(input: LegacyCoverageInput): LegacyCoverageReport {
  const routes = new Map(input.routes.map((route) => [route.name, route]));
  const operations = input.operations.map((operation): LegacyOperationCoverage => {
    const routeNames = [...new Set(operation.methods.map((method: LegacyCmsMethod) => routeOfMethod(method)).filter((name): name is string => name !== null && routes.has(name)))].sort();
    const calls = routeNames.reduce((sum, name) => sum + (input.calls.get(name) ?? 0), 0);
    return {
      interface: operation.interface,
      name: operation.name,
      status: statusOf(operation, routeNames, routes, input.fallbacks),
      methods: [...operation.methods],
      routes: routeNames,
      calls,
      neverCalled: routeNames.length > 0 && calls === 0,
      note: operation.note ?? null,
    };
  });
  const count = (status: LegacyOperationStatus): number => operations.filter((operation) => operation.status === status).length;
  return {
    generatedAt: input.now.toISOString(),
    windowHours: input.windowHours,
    countsScope: input.countsScope,
    totals: { unwrapped: count('unwrapped'), wrapped: count('wrapped'), routed: count('routed'), migrated: count('migrated'), neverCalled: operations.filter((operation) => operation.neverCalled).length },
    operations,
    unwrapped: operations.filter((operation) => operation.status === 'unwrapped').map((operation) => `${operation.interface}:${operation.name}`),
  };
}

function statusOf(operation: LegacyOperation, routeNames: readonly string[], routes: ReadonlyMap<string, RouteModeView>, fallbacks: ReadonlyMap<string, number>): LegacyOperationStatus {
  if (operation.methods.length === 0) return 'unwrapped';
  if (routeNames.length === 0) return 'wrapped';
  // A method that is not a route (readiness) still calls the operation: then it is never migrated.
  const unrouted = operation.methods.some((method) => {
    const route = routeOfMethod(method);
    return route === null || !routes.has(route);
  });
  if (unrouted) return 'routed';
  const allModern = routeNames.every((name) => {
    const route = routes.get(name)!;
    return (route.mode === 'modern' || (route.mode === 'canary' && route.modernPercent >= 100)) && (fallbacks.get(name) ?? 0) === 0;
  });
  return allModern ? 'migrated' : 'routed';
}
