/**
 * Calls per route over a window. Today's adapter (MeterRouteUsage) reads this instance's meters since start;
 * once the migration report's counts live in the StateStore (shared across instances, issue 13 part 7),
 * an adapter over them replaces it without touching the coverage report.
 */
export interface RouteUsage {
  callsByRoute(windowHours: number): Promise<Map<string, number>>;
  /** Modern calls answered by legacy instead (fallbacks), per route. */
  fallbacksByRoute(windowHours: number): Promise<Map<string, number>>;
}

export const ROUTE_USAGE = Symbol('RouteUsage');
