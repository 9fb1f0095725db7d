import { Module } from '@nestjs/common';
import type { ResolvedConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.tokens.js';
import { LegacyModule } from '../../legacy/legacy.module.js';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import { RedactionModule } from '../redaction.module.js';
import { RedactionSuggestionsModule } from '../suggestions/redaction-suggestions.module.js';
import { PlanEventsNotifier, type PlanEventsOptions } from './redaction-plan-events.js';
import { REDACTION_PLAN_RUNNER_OPTIONS, RedactionPlanRunner, type RedactionPlanRunnerOptions } from './redaction-plan.runner.js';
import { RedactionPlanStore } from './redaction-plan.store.js';
import { PLAN_EVENTS_OPTIONS, RedactionPlansController } from './redaction-plans.controller.js';
import { REDACTION_PLANS_OPTIONS, RedactionPlansService, type RedactionPlansOptions } from './redaction-plans.service.js';

/** A delivery that failed (a save still being recovered, a store hiccup) is tried again, with backoff, this often. */
const APPLY_MAX_ATTEMPTS = 30;

/**
 * Case-wide redaction plans (ADR 0031): build, review, apply as a job, follow over SSE. Needs APP_CONFIG,
 * STATE_STORE, JOB_QUEUE and INGESTED_VERSIONS from the app; applies through RedactionModule's RedactionService;
 * finds suggestion categories with RedactionSuggestionsModule's PII_DETECTOR.
 */
@Module({
  imports: [LegacyModule, RedactionModule, RedactionSuggestionsModule],
  controllers: [RedactionPlansController],
  providers: [
    { provide: RedactionPlanStore, inject: [STATE_STORE], useFactory: (store: StateStore) => new RedactionPlanStore(store) },
    { provide: REDACTION_PLANS_OPTIONS, useValue: { buildConcurrency: 8 } satisfies RedactionPlansOptions },
    { provide: PLAN_EVENTS_OPTIONS, useValue: { heartbeatMs: 15_000, pollMs: 500 } satisfies PlanEventsOptions },
    {
      provide: REDACTION_PLAN_RUNNER_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig): RedactionPlanRunnerOptions => ({
        visibilityTimeoutMs: config.crashSafety.jobLeaseMs,
        maxAttempts: APPLY_MAX_ATTEMPTS,
        crashAt: config.crashSafety.saveCrashAt,
      }),
    },
    PlanEventsNotifier,
    RedactionPlansService,
    RedactionPlanRunner,
  ],
})
export class RedactionPlansModule {}
