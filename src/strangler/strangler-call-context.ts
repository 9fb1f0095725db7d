import type { AuthenticatedUser } from '../common/request-context.js';
import { parseModeOverride, type ModeOverride } from './mode-resolver.js';
import type { ServedBy } from './strangler-metrics.js';
import { clientNameOf } from './traffic-counts.js';

/** Who a strangled call is made for, and whether they forced a mode. */
export interface StranglerCallContext {
  /** Stable id of the user (token subject): the canary hash and cohort use it. */
  readonly userId: string;
  /** From the X-Strangler-Mode header. */
  readonly override?: ModeOverride;
  /** Whether the caller holds the role that lets the header count. */
  readonly overrideAllowed?: boolean;
  readonly correlationId?: string;
  /** The caller's X-Client-Name as counted (`unnamed` when absent, `unknown` when malformed): who still calls what. */
  readonly clientName?: string;
  /** Told which side answered (before the answer resolves), e.g. to set the X-Served-By header. */
  readonly onServed?: (side: ServedBy) => void;
  /**
   * The answer must not be a user's last good answer (ADR 0014): background work and requests that change
   * things (they would take an old answer for a fresh one). Reads of a GET may be answered stale.
   */
  readonly freshOnly?: boolean;
}

/** The call context of an authenticated request; `modeHeader` is the raw X-Strangler-Mode value. */
export function stranglerCallContext(
  user: AuthenticatedUser,
  correlationId: string | undefined,
  modeHeader: string | readonly string[] | undefined,
  overrideRole: string,
  onServed?: (side: ServedBy) => void,
  clientHeader?: string | readonly string[],
): StranglerCallContext {
  const override = parseModeOverride(modeHeader);
  return {
    userId: user.subject,
    correlationId,
    clientName: clientNameOf(clientHeader),
    override,
    overrideAllowed: override !== undefined && user.roles.includes(overrideRole),
    onServed,
  };
}
