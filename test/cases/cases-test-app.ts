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
    controllers: [CasesController, DocumentsController, NotesController],
    providers: [
      DocumentsService,
      DocumentContentService,
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
