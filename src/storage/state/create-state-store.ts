import type { StateStoreConfig } from '../../config/app-config.js';
import { AzureTableStateStore } from './azure-table-state-store.adapter.js';
import type { StateStore } from './state-store.port.js';
import { SqliteStateStore } from './sqlite-state-store.adapter.js';

/** The StateStore adapter the config asks for. */
export function createStateStore(config: StateStoreConfig): StateStore {
  switch (config.kind) {
    case 'sqlite':
      return SqliteStateStore.fromConfig({ path: config.path });
    case 'azure-table':
      return AzureTableStateStore.fromConfig(config);
  }
}
