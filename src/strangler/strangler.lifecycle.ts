import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { ROUTE_STATE_STORE, type RouteStateStore } from './route-state-store.port.js';
import { StranglerService } from './strangler.service.js';

/** Loads the route table before the app serves, polls the store while it runs, and reports readiness. */
@Injectable()
export class StranglerLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly strangler: StranglerService,
    @Inject(ROUTE_STATE_STORE) private readonly store: RouteStateStore,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness?.register('routeState', () => this.store.readiness());
    await this.strangler.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.strangler.stop();
  }
}
