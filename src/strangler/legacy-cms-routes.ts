import type { LegacyCms } from '../legacy/legacy-cms.port.js';
import { defineRoute, type CompareRules, type RouteDefinition, type RouteKind } from './route-definition.js';

/** Every LegacyCms method but readiness() is a strangler route. */
export type RoutedMethod = Exclude<keyof LegacyCms, 'readiness'>;

/** A route's arguments at the port: the method's argument list, e.g. [caller, caseId]. */
export type PortArgs<M extends RoutedMethod> = Parameters<LegacyCms[M]>;
/** A route's answer at the port: the method's own type (CaseSummary, Defendant[], ...). */
export type PortAnswer<M extends RoutedMethod> = Awaited<ReturnType<LegacyCms[M]>>;

interface PortRouteSpec {
  readonly name: string;
  readonly kind: RouteKind;
  readonly compare?: CompareRules;
  readonly latencyBudgetMs?: number;
  readonly stream?: boolean;
}

/** Modern reads may take this long before a fallback to legacy answers instead. */
export const MODERN_READ_LATENCY_BUDGET_MS = 2_000;

/** The route of each LegacyCms method (names fixed by issue 13; ADR 0024). */
export const LEGACY_CMS_ROUTES = {
  findCasesByUrn: { name: 'cases.findByUrn', kind: 'read' },
  getCaseSummary: { name: 'cases.getSummary', kind: 'read', latencyBudgetMs: MODERN_READ_LATENCY_BUDGET_MS },
  checkCaseAccess: { name: 'cases.checkAccess', kind: 'read' },
  getDefendants: { name: 'cases.getDefendants', kind: 'read', latencyBudgetMs: MODERN_READ_LATENCY_BUDGET_MS },
  getWitnesses: { name: 'cases.getWitnesses', kind: 'read' },
  listDocuments: {
    name: 'documents.list',
    kind: 'read',
    // The order of the list is not part of what the legacy CMS promises.
    compare: { unordered: [{ path: '$', key: 'documentId' }] },
    latencyBudgetMs: MODERN_READ_LATENCY_BUDGET_MS,
  },
  getDocumentInfo: { name: 'documents.getInfo', kind: 'read' },
  openDocumentContent: { name: 'documents.getContent', kind: 'read', stream: true },
  renameDocument: { name: 'documents.rename', kind: 'write' },
  reclassifyDocument: { name: 'documents.reclassify', kind: 'write' },
  setDocumentUsed: { name: 'documents.setUsed', kind: 'write' },
  listNotes: { name: 'notes.list', kind: 'read', latencyBudgetMs: MODERN_READ_LATENCY_BUDGET_MS },
  addNote: { name: 'notes.add', kind: 'write' },
  checkOutDocument: { name: 'documents.checkOut', kind: 'write' },
  cancelCheckOut: { name: 'documents.cancelCheckOut', kind: 'write' },
  checkInDocument: { name: 'documents.checkIn', kind: 'write' },
} as const satisfies Record<RoutedMethod, PortRouteSpec>;

export const ROUTED_METHODS = Object.keys(LEGACY_CMS_ROUTES) as RoutedMethod[];

export type LegacyRouteName = (typeof LEGACY_CMS_ROUTES)[RoutedMethod]['name'];

/** The LegacyCms method behind a route name. */
export type MethodOfRoute<N extends LegacyRouteName> = { [M in RoutedMethod]: (typeof LEGACY_CMS_ROUTES)[M]['name'] extends N ? M : never }[RoutedMethod];

const METHOD_BY_ROUTE: ReadonlyMap<string, RoutedMethod> = new Map(ROUTED_METHODS.map((method) => [LEGACY_CMS_ROUTES[method].name, method]));

/** The route of a LegacyCms method; null for readiness(), which is not a route. */
export const routeOfMethod = (method: keyof LegacyCms): string | null => (method === 'readiness' ? null : LEGACY_CMS_ROUTES[method].name);

/** The method behind a route name, or undefined when no LegacyCms method has that route. */
export const methodOfRoute = (name: string): RoutedMethod | undefined => METHOD_BY_ROUTE.get(name);

/** The route definition of one port method, whose legacy side is `legacy` (the adapter, with stale-if-error). */
export function portRouteDefinition<M extends RoutedMethod>(method: M, legacy: LegacyCms): RouteDefinition<PortArgs<M>, PortAnswer<M>> {
  const spec: PortRouteSpec = LEGACY_CMS_ROUTES[method];
  const implementation = legacy[method] as (...args: PortArgs<M>) => Promise<PortAnswer<M>>;
  return defineRoute<PortArgs<M>, PortAnswer<M>>({ ...spec, legacy: (args) => implementation.apply(legacy, args) });
}
