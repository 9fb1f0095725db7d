import type { FastifyInstance } from 'fastify';
import { ROLES } from '../auth/roles.js';
import { requestContextOf } from '../common/correlation-id.js';
import { DomainError } from '../common/domain-error.js';
import { requestContext, type RequestContext } from '../common/request-context.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { MODE_OVERRIDE_HEADER } from './mode-resolver.js';
import { stranglerCallContext, type StranglerCallContext } from './strangler-call-context.js';
import type { ServedBy } from './strangler-metrics.js';
import { CLIENT_NAME_HEADER } from './traffic-counts.js';

/** Response header naming the side that answered a strangled call: `legacy` or `modern` (never personal data). */
export const SERVED_BY_HEADER = 'x-served-by';

interface StranglerRequestState {
  readonly modeHeader: string | string[] | undefined;
  /** GET or HEAD: its reads may be answered from the user's last good answer (ADR 0014). */
  readonly safeMethod?: boolean;
  readonly clientHeader?: string | string[];
  servedBy?: ServedBy;
  /** Built on the request's first strangled call, then reused by the others. */
  callContext?: StranglerCallContext;
}

const states = new WeakMap<RequestContext, StranglerRequestState>();

/**
 * Keeps the X-Strangler-Mode header of each request for its strangled calls and answers with
 * X-Served-By. Register after the request-context hooks.
 */
export function registerStranglerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const context = requestContextOf(request);
    if (context !== undefined) states.set(context, { modeHeader: request.headers[MODE_OVERRIDE_HEADER], safeMethod: request.method === 'GET' || request.method === 'HEAD', clientHeader: request.headers[CLIENT_NAME_HEADER] });
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const context = requestContextOf(request);
    const servedBy = context === undefined ? undefined : states.get(context)?.servedBy;
    if (servedBy !== undefined) void reply.header(SERVED_BY_HEADER, servedBy);
    done(null, payload);
  });
}

/** Records a side for the request; when one request makes several strangled calls, modern wins (it was involved). */
function recordServedBy(context: RequestContext, side: ServedBy): void {
  let state = states.get(context);
  if (state === undefined) {
    state = { modeHeader: undefined };
    states.set(context, state);
  }
  if (state.servedBy !== 'modern') state.servedBy = side;
}

/** The strangler call context of the authenticated request being served (for services). */
export function currentStranglerContext(overrideRole: string = ROLES.admin): StranglerCallContext {
  const context = requestContext.current();
  if (context?.user === undefined) throw new DomainError('UNAUTHENTICATED', 'The request is not authenticated.');
  const state = states.get(context);
  return stranglerCallContext(context.user, context.correlationId, state?.modeHeader, overrideRole, (side) => recordServedBy(context, side), state?.clientHeader);
}

/** The client name counted for work the facade does in the background (a refresh job, save recovery). */
export const BACKGROUND_CLIENT_NAME = 'facade-background';

/**
 * The call context of a call made for `caller`: the request's (X-Strangler-Mode, X-Served-By) when the
 * call is part of that user's request; otherwise, e.g. a background job run as the user who asked for
 * it, the caller's own (token subject for the canary hash; no override). Only the reads of a GET may be
 * answered stale (ADR 0014): background work and POST/PUT/PATCH need fresh answers.
 */
export function stranglerContextFor(caller: LegacyCaller): StranglerCallContext {
  const context = requestContext.current();
  const user = context?.user;
  if (context === undefined || user === undefined || user.username !== caller.username) {
    return { userId: caller.subject ?? caller.username, correlationId: caller.correlationId, freshOnly: true, clientName: BACKGROUND_CLIENT_NAME };
  }
  let state = states.get(context);
  if (state === undefined) {
    state = { modeHeader: undefined };
    states.set(context, state);
  }
  if (state.callContext === undefined) {
    const callContext = stranglerCallContext(user, context.correlationId, state.modeHeader, ROLES.admin, (side) => recordServedBy(context, side), state.clientHeader);
    state.callContext = state.safeMethod === true ? callContext : { ...callContext, freshOnly: true };
  }
  return state.callContext;
}
