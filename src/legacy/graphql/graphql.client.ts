import { readFileSync } from 'node:fs';
import { GraphQLClient } from 'graphql-request';
import { DomainError } from '../../common/domain-error.js';
import { LegacyHttpClient } from '../legacy-http.client.js';
import type { LegacyCallPolicy } from '../resilience/legacy-call.policy.js';
import { graphqlErrorsToWarnings, graphqlFailureToDomainError, type GraphqlApiError } from './graphql-error.mapper.js';

export const GRAPHQL_OPERATIONS = [
  'list-documents',
  'get-witnesses',
  'list-notes',
  'rename-document',
  'reclassify-document',
  'mark-document-used',
  'get-case-summary',
  'get-defendants',
] as const;
export type GraphqlOperation = (typeof GRAPHQL_OPERATIONS)[number];

const FRAGMENTS = { DocumentFields: 'document-fields' } as const;

const documents = new Map<GraphqlOperation, string>();

const readGraphql = (name: string): string => readFileSync(new URL(`./${name}.graphql`, import.meta.url), 'utf8');

/** The operation's text, with the fragments it spreads appended (read once, from beside this file). */
export function loadOperation(operation: GraphqlOperation): string {
  let text = documents.get(operation);
  if (text === undefined) {
    text = readGraphql(operation);
    for (const [fragment, file] of Object.entries(FRAGMENTS)) if (text.includes(`...${fragment}`)) text += `\n${readGraphql(file)}`;
    documents.set(operation, text);
  }
  return text;
}

export interface GraphqlResult<T> {
  /** Null when the API answered no data (e.g. only errors that were all warnings). */
  readonly data: T | null;
  /** Paths of fields the legacy CMS withheld (2005) or failed to produce, their values null. */
  readonly warnings: string[];
}

/** Request headers as plain fields (graphql-request always hands over a Headers). */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  (init instanceof Headers ? init : new Headers(init)).forEach((value, name) => (headers[name] = value));
  return headers;
}

/**
 * The part of fetch that graphql-request uses, over the keep-alive legacy transport (which also
 * enforces the deadline). The global fetch costs about 1 ms of CPU per call more; the answer's
 * headers are only ever read with get(), so they are not copied into a Headers object.
 */
function fetchOver(http: LegacyHttpClient, idempotent: boolean, timeoutMs?: number): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const answer = await http.send({ url, method: init?.method === 'GET' ? 'GET' : 'POST', headers: plainHeaders(init?.headers), body, idempotent }, timeoutMs);
    const text = answer.body.toString('utf8');
    const headers = {
      get: (name: string): string | null => {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : String(value);
      },
    };
    const response = { status: answer.status, ok: answer.status >= 200 && answer.status < 300, headers, text: () => Promise.resolve(text) };
    return response as unknown as Response;
  };
}

// Each committed document holds one operation, so graphql-request need not parse it on every call to find its name.
const CLIENT_OPTIONS = { errorPolicy: 'all', excludeOperationName: true } as const;

/** The GraphQL API: session in X-Cms-Session, hard deadline per call, errors[] coded. */
export class GraphqlClient {
  private readonly http: LegacyHttpClient;
  /** Queries may be resent by the transport after a stale keep-alive socket; mutations never. */
  private readonly queries: GraphQLClient;
  private readonly mutations: GraphQLClient;

  constructor(
    private readonly graphqlUrl: string,
    timeoutMs: number,
    /** Deadline, retries of queries, breaker and bulkhead (none: each call just has `timeoutMs`). */
    private readonly policy: LegacyCallPolicy | null = null,
    maxSockets?: number,
  ) {
    this.http = new LegacyHttpClient('GraphQL', timeoutMs, undefined, maxSockets);
    this.queries = new GraphQLClient(graphqlUrl, { ...CLIENT_OPTIONS, fetch: fetchOver(this.http, true) });
    this.mutations = new GraphQLClient(graphqlUrl, { ...CLIENT_OPTIONS, fetch: fetchOver(this.http, false) });
  }

  close(): void {
    this.http.close();
  }

  execute<T>(operation: GraphqlOperation, variables: Record<string, string>, sessionToken: string, correlationId: string): Promise<GraphqlResult<T>> {
    const query = loadOperation(operation);
    const isMutation = /^\s*mutation\b/.test(query);
    if (this.policy === null) return this.executeOnce<T>(query, isMutation ? this.mutations : this.queries, variables, sessionToken, correlationId);
    return this.policy.run(!isMutation, (timeoutMs) => {
      const client = new GraphQLClient(this.graphqlUrl, { ...CLIENT_OPTIONS, fetch: fetchOver(this.http, !isMutation, timeoutMs) });
      return this.executeOnce<T>(query, client, variables, sessionToken, correlationId);
    });
  }

  private async executeOnce<T>(query: string, client: GraphQLClient, variables: Record<string, string>, sessionToken: string, correlationId: string): Promise<GraphqlResult<T>> {
    let response: { data?: unknown; errors?: readonly GraphqlApiError[] };
    try {
      response = await client.rawRequest<unknown>({
        query,
        variables,
        requestHeaders: { 'X-Cms-Session': sessionToken, 'X-Correlation-Id': correlationId },
      });
    } catch (error) {
      throw graphqlFailureToDomainError(error);
    }
    const data = response.data;
    const warnings = graphqlErrorsToWarnings(response.errors, data);
    if (data !== undefined && data !== null && typeof data !== 'object') {
      throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered data that is not an object');
    }
    return { data: (data ?? null) as T | null, warnings };
  }

  /** Up when the endpoint answers at all below HTTP 500 (no session needed to tell). */
  async ping(correlationId: string): Promise<{ up: boolean; detail?: string }> {
    try {
      await this.queries.rawRequest({ query: '{ __typename }', requestHeaders: { 'X-Correlation-Id': correlationId } });
      return { up: true };
    } catch (error) {
      // Up only when the server itself answered below 500 (an unauthenticated ping is refused with 401).
      const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
      if (typeof status === 'number' && status < 500) return { up: true };
      return { up: false, detail: graphqlFailureToDomainError(error).code };
    }
  }
}
