import { join } from 'node:path';
import type { SearchIndexConfig } from '../config/app-config.js';
import { AzureAiSearchIndex } from './azure-ai-search-index.adapter.js';
import type { SearchIndex } from './search-index.port.js';
import { SqliteFtsSearchIndex } from './sqlite-fts-search-index.adapter.js';

/** The embedded default: `${dataDir}/search.sqlite`. */
export const defaultSearchIndexConfig = (dataDir: string): SearchIndexConfig => ({ kind: 'sqlite', path: join(dataDir, 'search.sqlite') });

/** The SearchIndex adapter the config asks for. */
export function createSearchIndex(config: SearchIndexConfig): SearchIndex {
  switch (config.kind) {
    case 'sqlite':
      return SqliteFtsSearchIndex.fromConfig({ path: config.path });
    case 'azure-search':
      return AzureAiSearchIndex.fromConfig({
        endpoint: config.endpoint,
        indexName: config.indexName,
        ...(config.apiKey === null ? {} : { apiKey: config.apiKey }),
        ...(config.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: config.managedIdentityClientId }),
      });
  }
}
