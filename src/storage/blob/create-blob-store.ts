import { AzureBlobStore, type AzureBlobConnection } from './azure-blob-store.adapter.js';
import type { BlobStore } from './blob-store.port.js';
import { FsBlobStore } from './fs-blob-store.adapter.js';

/** What config chooses: BLOB_STORE=fs (root `${DATA_DIR}/blobs`) or azure-blob (AZURE_BLOB_CONTAINER + the shared Azure Storage connection). */
export type BlobStoreConfig = { readonly kind: 'fs'; readonly root: string } | ({ readonly kind: 'azure-blob' } & AzureBlobConnection);

/** The BlobStore adapter the config asks for. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  switch (config.kind) {
    case 'fs':
      return FsBlobStore.fromConfig({ root: config.root });
    case 'azure-blob':
      return AzureBlobStore.fromConfig('connectionString' in config ? { connectionString: config.connectionString, container: config.container } : { accountUrl: config.accountUrl, container: config.container });
  }
}
