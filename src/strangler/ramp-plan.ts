import { z } from 'zod';
import type { RouteSettings } from './route-state.js';

/** A route's ramp plan: canary steps (percent of users), how long each must bake, and the gates it must pass. */
export const rampPlanSchema = z
  .object({
    /** Rising canary percentages; 100 means modern. */
    steps: z.array(z.number().gt(0).max(100)).min(1).max(20),
    bakeSeconds: z.number().int().min(1).max(7 * 24 * 3600),
    /** Calls a step must see (both sides) before it may advance, and before a gate may trip. */
    minCalls: z.number().int().min(1).max(10_000_000),
    gates: z
      .object({
        /** Share (0–1) of shadow comparisons with a difference never seen in the noise floor. */
        maxMismatchAboveNoise: z.number().min(0).max(1),
        /** Share (0–1) of modern attempts answered from legacy instead. */
        maxFallbackRate: z.number().min(0).max(1),
        /** Share (0–1) of modern attempts (primary, fallback and shadow) that failed or timed out. */
        maxModernErrorRate: z.number().min(0).max(1),
        /** Modern p99 latency over legacy p99 latency. */
        maxP99Ratio: z.number().gt(0).max(1_000),
      })
      .strict(),
    /** Canary and modern steps answer from legacy when modern fails (reads only). */
    fallback: z.boolean().optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    for (let i = 1; i < plan.steps.length; i += 1) {
      if (!(plan.steps[i] > plan.steps[i - 1])) ctx.addIssue({ code: 'custom', message: 'steps must rise', path: ['steps', i] });
    }
  });

export type RampPlan = z.infer<typeof rampPlanSchema>;
export type RampGates = RampPlan['gates'];

export const RAMP_STATUSES = ['active', 'completed', 'rolled-back', 'stopped'] as const;
export type RampStatus = (typeof RAMP_STATUSES)[number];

/** The figures of one step's window, from the shared traffic counters. Rates are null without a denominator. */
export interface GateFigures {
  readonly calls: number;
  readonly modernAttempts: number;
  readonly shadowCompared: number;
  readonly mismatchAboveNoise: number | null;
  readonly fallbackRate: number | null;
  readonly modernErrorRate: number | null;
  readonly legacyP99Ms: number | null;
  readonly modernP99Ms: number | null;
  readonly modernP50Ms: number | null;
  readonly p99Ratio: number | null;
}

export type GateName = 'mismatchAboveNoise' | 'fallbackRate' | 'modernErrorRate' | 'p99Ratio';

export interface RampEvaluation {
  /** ISO-8601. */
  readonly at: string;
  readonly stepIndex: number;
  readonly percent: number;
  readonly figures: GateFigures;
  /** Gates over their limit (a trip when enough calls were seen). */
  readonly tripped: readonly GateName[];
  readonly verdict: RampVerdict;
}

/** `wait`: bake time or calls missing; `advance`: every gate held; `trip`: a gate failed, roll back. */
export type RampVerdict = 'wait' | 'advance' | 'trip';

/** A route's ramp as stored: the plan, where it is, and what it rolls back to. */
export interface RampState {
  readonly route: string;
  readonly plan: RampPlan;
  readonly status: RampStatus;
  readonly stepIndex: number;
  /** ISO-8601: when the current step was applied (its window starts here). */
  readonly stepStartedAt: string;
  readonly startedAt: string;
  readonly startedBy: string;
  /** The route's settings when the ramp started: the last safe mode a trip returns to. */
  readonly safeSettings: RouteSettings;
  /** The route-state revision the ramp last wrote; a different one means someone else changed the route. */
  readonly appliedRevision: number;
  readonly lastEvaluation: RampEvaluation | null;
  readonly endedAt: string | null;
  readonly endReason: string | null;
}
