import type { BlobStoreConfig } from '../../config/app-config.js';
import { AzureBlobStore } from './azure-blob-store.adapter.js';
import type { BlobStore } from './blob-store.port.js';
import { FsBlobStore } from './fs-blob-store.adapter.js';

/** The BlobStore adapter the config asks for. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  switch (config.kind) {
    case 'fs':
      return FsBlobStore.fromConfig({ root: config.root });
    case 'azure-blob':
      return AzureBlobStore.fromConfig('connectionString' in config ? { connectionString: config.connectionString, container: config.container } : { accountUrl: config.accountUrl, container: config.container, ...(config.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: config.managedIdentityClientId }) });
  }
}
