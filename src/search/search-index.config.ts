import { join } from 'node:path';
import { AzureAiSearchIndex } from './azure-ai-search-index.adapter.js';
import type { SearchIndex } from './search-index.port.js';
import { SqliteFtsSearchIndex } from './sqlite-fts-search-index.adapter.js';

/**
 * How the SearchIndex adapter is chosen (env: SEARCH_INDEX=sqlite|azure-search; for Azure
 * AZURE_SEARCH_ENDPOINT, AZURE_SEARCH_INDEX_NAME and AZURE_SEARCH_API_KEY, or no key for managed identity).
 */
export type SearchIndexConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'azure-search'; readonly endpoint: string; readonly indexName: string; readonly apiKey?: string };

/** The embedded default: `${dataDir}/search.sqlite`. */
export const defaultSearchIndexConfig = (dataDir: string): SearchIndexConfig => ({ kind: 'sqlite', path: join(dataDir, 'search.sqlite') });

/** The SearchIndex adapter the config asks for. */
export function createSearchIndex(config: SearchIndexConfig): SearchIndex {
  switch (config.kind) {
    case 'sqlite':
      return SqliteFtsSearchIndex.fromConfig({ path: config.path });
    case 'azure-search':
      return AzureAiSearchIndex.fromConfig(config);
  }
}
