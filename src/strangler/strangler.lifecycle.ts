import { Inject, Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InstanceRole } from '../config/instance-role.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { RampController } from './ramp-controller.service.js';
import { ROUTE_STATE_STORE, type RouteStateStore } from './route-state-store.port.js';
import { RouteTraffic } from './route-traffic.js';
import { STRANGLER_OPTIONS, type StranglerOptions } from './strangler.options.js';
import { StranglerService } from './strangler.service.js';

/**
 * Loads the route table before the app serves, polls the store while it runs, flushes the shared traffic
 * counters and evaluates ramps on their intervals, and reports readiness.
 */
@Injectable()
export class StranglerLifecycle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StranglerLifecycle.name);

  constructor(
    private readonly strangler: StranglerService,
    @Inject(ROUTE_STATE_STORE) private readonly store: RouteStateStore,
    private readonly traffic: RouteTraffic,
    private readonly ramps: RampController,
    @Inject(STRANGLER_OPTIONS) private readonly options: StranglerOptions,
    @Optional() private readonly readiness?: ReadinessRegistry,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness?.register('routeState', () => this.store.readiness());
    await this.strangler.start();
    this.traffic.startFlushing(this.options.trafficFlushMs);
    if (this.role.runsBackgroundWork) this.ramps.startEvaluating(this.options.rampIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.ramps.stopEvaluating();
    await this.strangler.stop();
    // The last counts of this instance (shadow work drained above); the store closes after this.
    await this.traffic.stop().catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'traffic counters not flushed at shutdown'));
  }
}
