import type { LegacyCms } from '../legacy/legacy-cms.port.js';
import {
  methodOfRoute,
  portRouteDefinition,
  ROUTED_METHODS,
  type LegacyRouteName,
  type MethodOfRoute,
  type RoutedMethod,
} from './legacy-cms-routes.js';
import type { CompareRules, ModernParts } from './route-definition.js';
import { StrangledLegacyCms, type PortRoutes } from './strangled-legacy-cms.js';
import type { StranglerService } from './strangler.service.js';

/** A modern implementation of one port method, with the method's own signature. */
export interface ModernImplementation<M extends RoutedMethod> {
  readonly modern: LegacyCms[M];
  /** Writes only: what the modern side would answer, without performing the write (allows shadow on a write). */
  readonly modernDryRun?: LegacyCms[M];
  /** Replaces the comparison rules of the port's route definition. */
  readonly compare?: CompareRules;
  readonly latencyBudgetMs?: number;
}

type AnyModernParts = ModernParts<unknown, unknown>;

/**
 * Where modern modules register their implementations by route name (global, from StranglerModule):
 * `registry.register('cases.getDefendants', { modern: (caller, caseId) => ... })`. Registering attaches
 * the implementation to the route of the strangled LegacyCms; nothing imports the modern module.
 */
export class ModernRegistry {
  /** Registered before the port's routes were (module order); attached when they are. */
  private readonly pending = new Map<string, AnyModernParts>();
  private strangled: StrangledLegacyCms | null = null;

  constructor(private readonly strangler: StranglerService) {}

  /** Attaches a modern implementation to a port route; an unknown route name throws (at start-up). */
  register<N extends LegacyRouteName>(name: N, implementation: ModernImplementation<MethodOfRoute<N>>): void {
    if (methodOfRoute(name) === undefined) throw new Error(`ModernRegistry: no LegacyCms method has the route "${name}"`);
    const parts = toRouteParts(implementation);
    if (this.strangled === null) {
      if (this.pending.has(name)) throw new Error(`ModernRegistry: ${name} has a modern implementation already`);
      this.pending.set(name, parts);
    } else {
      this.strangler.table.attachModern(name, parts);
    }
  }

  /** Registers a route for every port method over `legacy` and answers the strangled port (once per app). */
  strangle(legacy: LegacyCms): StrangledLegacyCms {
    if (this.strangled !== null) return this.strangled;
    const routes: Record<string, unknown> = {};
    for (const method of ROUTED_METHODS) {
      const route = this.strangler.register(portRouteDefinition(method, legacy));
      const parts = this.pending.get(route.name);
      if (parts !== undefined) this.strangler.table.attachModern(route.name, parts);
      routes[method] = route;
    }
    this.pending.clear();
    this.strangled = new StrangledLegacyCms(this.strangler, legacy, routes as PortRoutes);
    return this.strangled;
  }
}

function toRouteParts(implementation: ModernImplementation<RoutedMethod>): AnyModernParts {
  const modern = implementation.modern as (...args: unknown[]) => Promise<unknown>;
  const dryRun = implementation.modernDryRun as ((...args: unknown[]) => Promise<unknown>) | undefined;
  return {
    modern: (args) => modern(...(args as unknown[])),
    modernDryRun: dryRun === undefined ? undefined : (args) => dryRun(...(args as unknown[])),
    compare: implementation.compare,
    latencyBudgetMs: implementation.latencyBudgetMs,
  };
}
