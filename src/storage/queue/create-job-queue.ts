import type { StateStore } from '../state/state-store.port.js';
import type { JobQueueConfig } from '../../config/app-config.js';
import { AzureQueueJobQueue } from './azure-queue-job-queue.adapter.js';
import { InProcessJobQueue } from './in-process-job-queue.adapter.js';
import type { JobQueue } from './job-queue.port.js';

/** The JobQueue adapter the config asks for; the in-process one keeps its jobs in `stateStore`. */
export function createJobQueue(config: JobQueueConfig, stateStore: StateStore): JobQueue {
  switch (config.kind) {
    case 'in-process':
      return InProcessJobQueue.fromConfig({ stateStore });
    case 'azure-queue':
      return AzureQueueJobQueue.fromConfig('connectionString' in config ? { connectionString: config.connectionString } : { accountUrl: config.accountUrl, ...(config.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: config.managedIdentityClientId }) });
  }
}
