/**
 * A named facade operation that reaches the legacy CMS, with its legacy implementation and, once one
 * exists, its modern one. Declared in code next to the controller that serves it and registered with
 * StranglerService; its desired mode lives in the route table.
 */
export type RouteKind = 'read' | 'write';

/** Why an implementation is being called; implementations may use it for logging, never for behaviour. */
export type InvocationPurpose = 'primary' | 'shadow' | 'noise-floor' | 'fallback';

export interface RouteInvocation {
  readonly route: string;
  readonly purpose: InvocationPurpose;
  /** Aborted when the strangler gives up waiting (latency budget or shadow timeout). */
  readonly signal: AbortSignal;
}

export type RouteImplementation<TArgs, TResult> = (args: TArgs, invocation: RouteInvocation) => Promise<TResult>;

export interface UnorderedArrayRule {
  /** JSONPath-like path of the array, e.g. `$.documents`. */
  readonly path: string;
  /** Path inside each element that identifies it, e.g. `documentId` or `$.ref.id`; without one elements match by value. */
  readonly key?: string;
}

export interface PathNormaliser {
  readonly path: string;
  readonly normalise: (value: unknown) => unknown;
}

export interface CompareRules {
  /** Paths never compared, e.g. `$.documents[*].lastAccessed`, `$..etag`. */
  readonly ignore?: readonly string[];
  /** Arrays whose order is not part of the contract. */
  readonly unordered?: readonly UnorderedArrayRule[];
  /** Applied to each whole answer before comparing. */
  readonly normalise?: (answer: unknown) => unknown;
  /** Applied to the values at a path on both sides before comparing. */
  readonly normalisers?: readonly PathNormaliser[];
}

export interface RouteDefinition<TArgs, TResult> {
  /** `<resource>.<operation>`, e.g. `cases.getSummary`. */
  readonly name: string;
  readonly kind: RouteKind;
  readonly legacy: RouteImplementation<TArgs, TResult>;
  readonly modern?: RouteImplementation<TArgs, TResult>;
  /**
   * Writes only: what the modern side would answer, without performing the write. Its presence is what
   * allows shadow mode on a write route (legacy performs the write, the plan is compared with it).
   */
  readonly modernDryRun?: RouteImplementation<TArgs, TResult>;
  readonly compare?: CompareRules;
  /** How long modern may take before a fallback to legacy (modern mode with fallback) or a shadow call is abandoned. */
  readonly latencyBudgetMs?: number;
  /** The answer is a stream the caller consumes: never shadowed (a shadow would read the bytes twice). */
  readonly stream?: boolean;
}

/** What a modern module adds to a route defined at the port (ModernRegistry). */
export type ModernParts<TArgs, TResult> = Pick<RouteDefinition<TArgs, TResult>, 'modern' | 'modernDryRun' | 'compare' | 'latencyBudgetMs'>;

export const ROUTE_NAME_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;

/** Checks and freezes a route definition; throws at start-up on a malformed one. */
export function defineRoute<TArgs, TResult>(definition: RouteDefinition<TArgs, TResult>): RouteDefinition<TArgs, TResult> {
  if (!ROUTE_NAME_PATTERN.test(definition.name)) {
    throw new Error(`strangler route name "${definition.name}" must look like "resource.operation"`);
  }
  if (definition.modernDryRun !== undefined && definition.kind !== 'write') {
    throw new Error(`strangler route ${definition.name}: modernDryRun is for write routes only`);
  }
  if (definition.latencyBudgetMs !== undefined && !(definition.latencyBudgetMs > 0)) {
    throw new Error(`strangler route ${definition.name}: latencyBudgetMs must be positive`);
  }
  return Object.freeze({ ...definition });
}
