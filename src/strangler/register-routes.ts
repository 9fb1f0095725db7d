import type { RouteDefinition } from './route-definition.js';
import type { StranglerRoute } from './route-table.js';
import type { StranglerService } from './strangler.service.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route definition, whatever its argument and answer types
type AnyDefinition = RouteDefinition<any, any>;

/** The registered routes of a set of definitions, under the same keys and with the same types. */
export type RegisteredRoutes<T extends Record<string, AnyDefinition>> = {
  readonly [K in keyof T]: T[K] extends RouteDefinition<infer TArgs, infer TResult> ? StranglerRoute<TArgs, TResult> : never;
};

/** Registers each definition with the strangler (once per app: the route table refuses duplicates). */
export function registerRoutes<T extends Record<string, AnyDefinition>>(strangler: StranglerService, definitions: T): RegisteredRoutes<T> {
  const routes: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(definitions)) routes[key] = strangler.register(definition);
  return routes as RegisteredRoutes<T>;
}
