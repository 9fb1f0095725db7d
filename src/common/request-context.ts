import { AsyncLocalStorage } from 'node:async_hooks';

/** The signed-in user, from a validated bearer token. */
export interface AuthenticatedUser {
  /** Token subject (oid/sub). */
  readonly subject: string;
  /** The user's legacy CMS username; the facade reaches the legacy CMS as this user. */
  readonly username: string;
  readonly roles: readonly string[];
}

export interface RequestContext {
  readonly correlationId: string;
  user?: AuthenticatedUser;
  /** Age (ms) of the oldest last good answer served in place of a failed legacy read (stale-if-error, ADR 0014). */
  staleAgeMs?: number;
  /** Epoch ms by which every legacy call of this request must be done (set by the first legacy call). */
  legacyDeadlineAt?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  /** Enters a context for the rest of the current async flow (used from Fastify hooks). */
  enter(context: RequestContext): void {
    storage.enterWith(context);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
