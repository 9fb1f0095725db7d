import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { currentToken } from '../auth/token-store';

/** The facade's problem+json body: a stable code, a human detail and the correlation id to quote to support. */
export interface Problem {
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly status: number;
  readonly correlationId?: string;
  readonly [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

let apiOrigin = '';

/**
 * Where the API is: '' (the default) when the facade serves the app; the facade's origin when the app is hosted
 * as static files elsewhere (its settings.json says so, and the facade's CORS_ALLOWED_ORIGINS lists the app).
 */
export function configureApiOrigin(origin: string): void {
  apiOrigin = origin.replace(/\/+$/, '');
}

/** An API path (/api/v1/…) as a URL the browser can fetch. */
export function apiUrl(path: string): string {
  return apiOrigin + path;
}

const bearerAndOrigin: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token !== null) request.headers.set('Authorization', `Bearer ${token}`);
    if (apiOrigin === '') return request;
    const url = new URL(request.url);
    return new Request(apiOrigin + url.pathname + url.search, request);
  },
};

/** The generated client (openapi-fetch over web/src/api/schema.d.ts, which `npm run client` writes from openapi.yaml). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearerAndOrigin);

/** The data of an openapi-fetch result, or an ApiError carrying the problem. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) throw new ApiError(problemOf(result.error, result.response));
  return result.data;
}

export function problemOf(body: unknown, response: Response): Problem {
  if (typeof body === 'object' && body !== null && 'code' in body) return { ...(body as Problem), status: response.status };
  return { code: 'HTTP_' + String(response.status), title: response.statusText || 'Request failed', status: response.status, correlationId: response.headers.get('x-correlation-id') ?? undefined };
}

/** Fetch with the bearer token (an /api/v1/… path goes to the API's origin), for what openapi-fetch does not cover: bytes, event streams. */
export function authorisedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = currentToken();
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  return fetch(url.startsWith('/') ? apiUrl(url) : url, { ...init, headers });
}
