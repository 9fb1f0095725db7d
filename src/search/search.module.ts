import { Inject, Injectable, Module, Optional, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { CaseAccessCache } from '../auth/case-access.cache.js';
import { CaseAccessService } from '../auth/case-access.service.js';
import { INGESTED_VERSIONS } from '../ingestion/ingested-versions.port.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { LegacyModule } from '../legacy/legacy.module.js';
import { LEGACY_CMS, type LegacyCms } from '../legacy/legacy-cms.port.js';
import type { SearchIndexConfig } from '../config/app-config.js';
import { createSearchIndex } from './search-index.config.js';
import { SEARCH_INDEX, type SearchIndex } from './search-index.port.js';
import { SearchController } from './search.controller.js';
import { SearchService, type CurrentVersions } from './search.service.js';

export interface SearchModuleOptions {
  /** Use this index instead of building one from config (tests, benchmarks); the caller then closes it. */
  readonly searchIndex?: SearchIndex;
  /** Stand-alone use (benchmarks): the legacy CMS and access cache, which the app otherwise provides (LegacyModule, AuthModule). */
  readonly legacy?: LegacyCms;
  readonly caseAccessCache?: CaseAccessCache;
  /** Ingestion's current versions, when IngestedVersions is not provided globally (INGESTED_VERSIONS). */
  readonly currentVersions?: CurrentVersions;
}

const SEARCH_INDEX_OWNED = Symbol('SearchIndexOwned');

/** Puts the index on /health/ready and closes it on shutdown when this module built it. */
@Injectable()
export class SearchIndexLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(SEARCH_INDEX_OWNED) private readonly owned: boolean,
    @Optional() registry?: ReadinessRegistry,
  ) {
    registry?.register('searchIndex', () => index.readiness());
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.index.close?.();
  }
}

/**
 * Case search: GET /api/v1/cases/{caseId}/search and the SEARCH_INDEX port (SQLite FTS5 by default,
 * Azure AI Search in production), exported for the ingestion pipeline. INGESTED_VERSIONS, when ingestion
 * provides it globally, limits hits to current document versions; CaseAccessService (AuthModule) decides access.
 */
@Module({})
export class SearchModule {
  static forRoot(config: { readonly searchIndex: SearchIndexConfig }, options: SearchModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: SEARCH_INDEX, useFactory: (): SearchIndex => options.searchIndex ?? createSearchIndex(config.searchIndex) },
      { provide: SEARCH_INDEX_OWNED, useValue: options.searchIndex === undefined },
      SearchIndexLifecycle,
      SearchService,
      ...(options.legacy !== undefined ? [{ provide: LEGACY_CMS, useValue: options.legacy }] : []),
      ...(options.caseAccessCache !== undefined ? [{ provide: CaseAccessCache, useValue: options.caseAccessCache }, CaseAccessService] : []),
      ...(options.currentVersions !== undefined ? [{ provide: INGESTED_VERSIONS, useValue: options.currentVersions }] : []),
    ];
    return {
      module: SearchModule,
      imports: options.legacy === undefined ? [LegacyModule] : [],
      controllers: [SearchController],
      providers,
      exports: [SEARCH_INDEX, SearchService],
    };
  }
}
