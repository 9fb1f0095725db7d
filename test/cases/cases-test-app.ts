import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { CaseAccessCache } from '../../src/auth/case-access.cache.js';
import { CaseAccessGuard } from '../../src/auth/case-access.guard.js';
import { CaseAccessService } from '../../src/auth/case-access.service.js';
import { CasesController } from '../../src/cases/cases.controller.js';
import { DocumentContentService } from '../../src/cases/document-content.service.js';
import { DocumentsController } from '../../src/cases/documents.controller.js';
import { DocumentsService } from '../../src/cases/documents.service.js';
import { NotesController } from '../../src/cases/notes.controller.js';
import { registerRequestContextHooks, requestContextOf } from '../../src/common/correlation-id.js';
import { ProblemDetailsFilter } from '../../src/common/problem-details.filter.js';
import { createValidationPipe } from '../../src/common/validation/validation.pipe.js';
import { LEGACY_CMS, type LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { DocumentViewService } from '../../src/cases/document-view.service.js';
import { CaseHistoryStore } from '../../src/cases/user-state/case-history.store.js';
import { CaseVisitsStore } from '../../src/cases/user-state/case-visits.store.js';
import { DocumentNotesStore } from '../../src/cases/user-state/document-notes.store.js';
import { ReadMarksStore } from '../../src/cases/user-state/read-marks.store.js';
import { UserStateController } from '../../src/cases/user-state/user-state.controller.js';
import { UserStateService } from '../../src/cases/user-state/user-state.service.js';
import { INGESTED_VERSIONS } from '../../src/ingestion/ingested-versions.port.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { STATE_STORE } from '../../src/storage/state/state-store.port.js';
import { neverIngestedVersions } from '../support/never-ingested-versions.fake.js';
import { ModernRegistry } from '../../src/strangler/modern-registry.js';
import { StranglerModule } from '../../src/strangler/strangler.module.js';
import { checkContract } from '../openapi/traffic-contract.js';

/**
 * The v1 resources on Fastify over the given LegacyCms, strangled, every route in legacy mode. Authentication is stood in for by an
 * `x-test-user` header; the case-access guard, pipes and problem filter are the real ones.
 */
export async function createCasesTestApp(legacy: LegacyCms): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [StranglerModule.forRoot({ routesFile: null, controllers: false })],
    controllers: [CasesController, DocumentsController, NotesController, UserStateController],
    providers: [
      DocumentsService,
      DocumentContentService,
      DocumentViewService,
      UserStateService,
      CaseHistoryStore,
      CaseVisitsStore,
      ReadMarksStore,
      DocumentNotesStore,
      // Per-user state in a real (in-process) StateStore; nothing ingested.
      { provide: STATE_STORE, useValue: new InMemoryStateStore() },
      { provide: INGESTED_VERSIONS, useValue: neverIngestedVersions },
      CaseAccessService,
      CaseAccessGuard,
      // Global, as AuthModule has it: no controller names the guard.
      { provide: APP_GUARD, useExisting: CaseAccessGuard },
      { provide: CaseAccessCache, useValue: new CaseAccessCache(0) },
      // Strangled, as LegacyModule provides it: every port call is its route's.
      { provide: LEGACY_CMS, inject: [ModernRegistry], useFactory: (registry: ModernRegistry) => registry.strangle(legacy) },
    ],
  }).compile();
  const app = checkContract(moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ logger: false }), { logger: false }));
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestContextHooks(fastify);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const username = request.headers['x-test-user'];
    const context = requestContextOf(request);
    if (context !== undefined && typeof username === 'string') context.user = { subject: username, username, roles: [] };
    done();
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  return app;
}
