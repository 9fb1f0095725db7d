import type { FastifyInstance } from 'fastify';
import { ROLES } from '../auth/roles.js';
import { requestContextOf } from '../common/correlation-id.js';
import { DomainError } from '../common/domain-error.js';
import { requestContext, type RequestContext } from '../common/request-context.js';
import { MODE_OVERRIDE_HEADER } from './mode-resolver.js';
import { stranglerCallContext, type StranglerCallContext } from './strangler-call-context.js';
import type { ServedBy } from './strangler-metrics.js';
import { CLIENT_NAME_HEADER } from './traffic-counts.js';

/** Response header naming the side that answered a strangled call: `legacy` or `modern` (never personal data). */
export const SERVED_BY_HEADER = 'x-served-by';

interface StranglerRequestState {
  readonly modeHeader: string | string[] | undefined;
  readonly clientHeader?: string | string[];
  servedBy?: ServedBy;
}

const states = new WeakMap<RequestContext, StranglerRequestState>();

/**
 * Keeps the X-Strangler-Mode header of each request for its strangled calls and answers with
 * X-Served-By. Register after the request-context hooks.
 */
export function registerStranglerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const context = requestContextOf(request);
    if (context !== undefined) states.set(context, { modeHeader: request.headers[MODE_OVERRIDE_HEADER], clientHeader: request.headers[CLIENT_NAME_HEADER] });
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
