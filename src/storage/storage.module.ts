import { Global, Inject, Injectable, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { createStateStore } from './state/create-state-store.js';
import { STATE_STORE, type StateStore } from './state/state-store.port.js';

export interface StorageModuleOptions {
  /** Use this store instead of building one from config (tests); the caller then closes it. */
  readonly stateStore?: StateStore;
}

const STATE_STORE_OWNED = Symbol('StateStoreOwned');

/** Puts the state store on /health/ready and closes it when the app shuts down (if this module built it). */
@Injectable()
export class StateStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(STATE_STORE) private readonly store: StateStore,
    @Inject(STATE_STORE_OWNED) private readonly owned: boolean,
    @Optional() registry?: ReadinessRegistry,
  ) {
    registry?.register('stateStore', () => store.readiness());
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.store.close();
  }
}

/** Durable shared state (STATE_STORE), chosen from config: SQLite under DATA_DIR by default, Azure Table Storage in production. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: Pick<AppConfig, 'stateStore'>, options: StorageModuleOptions = {}): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: STATE_STORE, useFactory: (): StateStore => options.stateStore ?? createStateStore(config.stateStore) },
        { provide: STATE_STORE_OWNED, useValue: options.stateStore === undefined },
        StateStoreLifecycle,
      ],
      exports: [STATE_STORE],
    };
  }
}
