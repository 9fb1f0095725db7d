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

const bearer: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token !== null) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** The generated client (openapi-fetch over web/src/api/schema.d.ts, which `npm run client` writes from openapi.yaml). */
export const api = createClient<paths>({ baseUrl: '/' });
api.use(bearer);

/** The data of an openapi-fetch result, or an ApiError carrying the problem. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) throw new ApiError(problemOf(result.error, result.response));
  return result.data;
}

export function problemOf(body: unknown, response: Response): Problem {
  if (typeof body === 'object' && body !== null && 'code' in body) return { ...(body as Problem), status: response.status };
  return { code: 'HTTP_' + String(response.status), title: response.statusText || 'Request failed', status: response.status, correlationId: response.headers.get('x-correlation-id') ?? undefined };
}

/** Fetch with the bearer token, for what openapi-fetch does not cover (bytes, event streams' fallbacks). */
export function authorisedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = currentToken();
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}
