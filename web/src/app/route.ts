import { useSyncExternalStore } from 'react';

/**
 * Hash routes (#/cases/{caseId}), so the facade needs no fallback route and a reload lands on the same screen:
 *   #/                         find a case, recent cases
 *   #/cases/{caseId}           the case: documents, reader, search, redaction
 *   #/cases/{caseId}/plans     case-wide redaction plans (…/plans/{planId} one plan)
 *   #/migration                the migration dashboard (admins)
 */
export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'case'; readonly caseId: string }
  | { readonly name: 'plans'; readonly caseId: string; readonly planId: string | null }
  | { readonly name: 'migration' }
  | { readonly name: 'not-found'; readonly path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'migration' && parts.length === 1) return { name: 'migration' };
  if (parts[0] === 'cases' && parts.length === 2) return { name: 'case', caseId: parts[1] };
  if (parts[0] === 'cases' && parts[2] === 'plans' && parts.length <= 4) return { name: 'plans', caseId: parts[1], planId: parts[3] ?? null };
  return { name: 'not-found', path };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'case':
      return `#/cases/${encodeURIComponent(route.caseId)}`;
    case 'plans':
      return `#/cases/${encodeURIComponent(route.caseId)}/plans${route.planId === null ? '' : `/${encodeURIComponent(route.planId)}`}`;
    case 'migration':
      return '#/migration';
    case 'not-found':
      return `#${route.path}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route).slice(1);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
