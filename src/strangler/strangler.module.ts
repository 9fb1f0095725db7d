import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type Provider } from '@nestjs/common';
import { InMemoryRouteStateStore } from './in-memory-route-state.store.js';
import { MetricsController } from './metrics.controller.js';
import { METRICS_LISTENER_OPTIONS, MetricsListener, type MetricsListenerOptions } from './metrics-listener.js';
import { ModernRegistry } from './modern-registry.js';
import { MigrationController } from './migration.controller.js';
import { ROUTE_STATE_STORE, type RouteStateStore } from './route-state-store.port.js';
import { RouteTable } from './route-table.js';
import { RoutesAdminController } from './routes-admin.controller.js';
import { StranglerLifecycle } from './strangler.lifecycle.js';
import { StranglerMetrics } from './strangler-metrics.js';
import { STRANGLER_OPTIONS, stranglerOptions, type StranglerOptions } from './strangler.options.js';
import { StranglerService } from './strangler.service.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { RampController } from './ramp-controller.service.js';
import { RouteTraffic } from './route-traffic.js';

/** Builds the route state store from injected dependencies (e.g. the shared StateStore); `provide` is ignored. */
export type RouteStateStoreFactory = Omit<FactoryProvider<RouteStateStore>, 'provide'> & Partial<Pick<FactoryProvider<RouteStateStore>, 'provide'>> & {
  /** Modules the dependencies come from, when they are not global. */
  readonly imports?: ModuleMetadata['imports'];
};

export interface StranglerModuleOptions extends Partial<StranglerOptions> {
  /** Where the route table's desired state lives; in memory (one instance) when neither this nor `storeFactory` is given. */
  readonly store?: RouteStateStore;
  /** Wins over `store`: the store built through DI, so that every instance shares it. */
  readonly storeFactory?: RouteStateStoreFactory;
  /** Mount the migration report, admin and /metrics controllers (default true). */
  readonly controllers?: boolean;
  /** Also serve /metrics without a token on this host and port (issue 11); none when absent or null. */
  readonly metricsListener?: MetricsListenerOptions | null;
}

/** The strangler engine; global so that any feature service can inject StranglerService. */
@Module({})
export class StranglerModule {
  static forRoot(moduleOptions: StranglerModuleOptions = {}): DynamicModule {
    const { store, storeFactory, controllers = true, metricsListener = null, ...overrides } = moduleOptions;
    const options = stranglerOptions(overrides);
    const storeProvider: Provider =
      storeFactory === undefined
        ? { provide: ROUTE_STATE_STORE, useFactory: (): RouteStateStore => store ?? new InMemoryRouteStateStore() }
        : { provide: ROUTE_STATE_STORE, useFactory: storeFactory.useFactory, inject: storeFactory.inject ?? [] };
    return {
      module: StranglerModule,
      global: true,
      imports: storeFactory?.imports ?? [],
      controllers: controllers ? [MigrationController, RoutesAdminController, MetricsController] : [],
      providers: [
        { provide: STRANGLER_OPTIONS, useValue: options },
        storeProvider,
        {
          // Shared counters in the app's StateStore; a module without storage (unit-sized apps) counts in memory.
          provide: RouteTraffic,
          useFactory: (state?: StateStore) => new RouteTraffic(state ?? new InMemoryStateStore(), { bucketMs: options.trafficBucketMs, now: options.now }),
          inject: [{ token: STATE_STORE, optional: true }],
        },
        { provide: StranglerMetrics, useFactory: (traffic: RouteTraffic) => new StranglerMetrics(undefined, traffic), inject: [RouteTraffic] },
        {
          provide: RampController,
          useFactory: (table: RouteTable, traffic: RouteTraffic, state?: StateStore, audit?: AuditTrail) =>
            new RampController(state ?? new InMemoryStateStore(), table, traffic, { now: options.now, leaseTtlMs: Math.max(30_000, options.rampIntervalMs * 3) }, audit),
          inject: [RouteTable, RouteTraffic, { token: STATE_STORE, optional: true }, { token: AuditTrail, optional: true }],
        },
        {
          provide: RouteTable,
          useFactory: (routeStore: RouteStateStore, metrics: StranglerMetrics) => new RouteTable(routeStore, metrics, options.now),
          inject: [ROUTE_STATE_STORE, StranglerMetrics],
        },
        {
          provide: StranglerService,
          useFactory: (table: RouteTable, metrics: StranglerMetrics) => new StranglerService(table, metrics, options),
          inject: [RouteTable, StranglerMetrics],
        },
        { provide: ModernRegistry, useFactory: (strangler: StranglerService) => new ModernRegistry(strangler), inject: [StranglerService] },
        StranglerLifecycle,
        { provide: METRICS_LISTENER_OPTIONS, useValue: metricsListener },
        MetricsListener,
      ],
      exports: [StranglerService, ModernRegistry, RouteTable, StranglerMetrics, RouteTraffic, RampController, STRANGLER_OPTIONS, ROUTE_STATE_STORE],
    };
  }
}
