import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { CaseAccessCache } from '../../src/auth/case-access.cache.js';
import { CaseAccessGuard } from '../../src/auth/case-access.guard.js';
import { CaseAccessService } from '../../src/auth/case-access.service.js';
import { registerRequestContextHooks, requestContextOf } from '../../src/common/correlation-id.js';
import { ProblemDetailsFilter } from '../../src/common/problem-details.filter.js';
import { createValidationPipe } from '../../src/common/validation/validation.pipe.js';
import type { CaseAccess, CaseDocument, LegacyCaller, LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import type { SearchIndex } from '../../src/search/search-index.port.js';
import { SearchModule } from '../../src/search/search.module.js';
import type { CurrentVersions } from '../../src/search/search.service.js';
import { checkContract } from '../openapi/traffic-contract.js';

/** Who may see which case: `access[username][caseId]`, 'not-found' when the case is unknown. */
export type AccessTable = Record<string, Record<string, CaseAccess>>;

/** A listed document with defaults: a PDF of category Statement, dated 2026-01-15, received 2026-01-16. */
export function listedDocument(documentId: string, versionId: string, extra: Partial<CaseDocument> = {}): CaseDocument {
  return {
    documentId,
    versionId,
    title: `Document ${documentId}`,
    fileName: `document-${documentId}.pdf`,
    mimeType: 'application/pdf',
    category: 'Statement',
    documentDate: '2026-01-15',
    parentDocumentId: null,
    isUsed: true,
    isCheckedOut: false,
    sizeBytes: 1000,
    versions: [{ versionId, createdAt: '2026-01-16T09:00:00Z', sizeBytes: 1000 }],
    ...extra,
  };
}

/**
 * What search asks of the legacy CMS: the access decision, and the case's document list (per case, the same for
 * every user it lets in; answered only to a user with access, as the legacy CMS does).
 */
export function accessOnlyLegacy(access: AccessTable, lists: Record<string, readonly CaseDocument[]> = {}): LegacyCms & { readonly checks: string[]; readonly listings: string[] } {
  const checks: string[] = [];
  const listings: string[] = [];
  const legacy = {
    checks,
    listings,
    checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
      checks.push(`${caller.username}:${caseId}`);
      return Promise.resolve(access[caller.username]?.[caseId] ?? 'not-found');
    },
    listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
      listings.push(`${caller.username}:${caseId}`);
      if (access[caller.username]?.[caseId] !== 'granted') return Promise.reject(new Error('the legacy CMS lists documents only to users with access'));
      return Promise.resolve([...(lists[caseId] ?? [])]);
    },
  };
  return legacy as unknown as LegacyCms & { readonly checks: string[]; readonly listings: string[] };
}

/**
 * SearchModule alone on Fastify: the real controller, guard, pipes and problem filter; authentication is
 * stood in for by an `x-test-user` header.
 */
export async function createSearchTestApp(options: {
  index: SearchIndex;
  legacy: LegacyCms;
  cacheTtlMs?: number;
  /** The access cache's clock (default Date.now). */
  cacheNow?: () => number;
  currentVersions?: CurrentVersions;
}): Promise<NestFastifyApplication> {
  const caseAccessCache = new CaseAccessCache(options.cacheTtlMs ?? 0, undefined, options.cacheNow);
  const moduleRef = await Test.createTestingModule({
    // Global, as AuthModule has it: the controller does not name the guard.
    providers: [{ provide: APP_GUARD, useValue: new CaseAccessGuard(new CaseAccessService(options.legacy, caseAccessCache)) }],
    imports: [
      SearchModule.forRoot(
        { searchIndex: { kind: 'sqlite', path: ':memory:' } },
        {
          searchIndex: options.index,
          legacy: options.legacy,
          caseAccessCache,
          ...(options.currentVersions !== undefined ? { currentVersions: options.currentVersions } : {}),
        },
      ),
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
  await app.listen(0, '127.0.0.1');
  return app;
}

export interface TestResponse {
  readonly statusCode: number;
  readonly contentType: string;
  json<T = Record<string, unknown>>(): T;
}

/** GET over real HTTP as a user (x-test-user). */
export async function getAs(app: NestFastifyApplication, user: string, path: string, query: Record<string, string> = {}): Promise<TestResponse> {
  const url = new URL(path, await app.getUrl());
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: { 'x-test-user': user } });
  const text = await response.text();
  return { statusCode: response.status, contentType: response.headers.get('content-type') ?? '', json: <T>() => JSON.parse(text) as T };
}
