import { describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CaseAccessService } from '../../src/auth/case-access.service.js';
import { APP_CONFIG } from '../../src/config/config.tokens.js';
import type { CaseDocument, LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { UNSTRANGLED_LEGACY_CMS } from '../../src/legacy/unstrangled-legacy-cms.token.js';
import { ModernCaseSummaryModule } from '../../src/modern/case-summary/modern-case-summary.module.js';
import { ModernCaseSummaryReader } from '../../src/modern/case-summary/modern-case-summary.service.js';
import { DocumentsReadModel } from '../../src/modern/documents/documents-read-model.service.js';
import { ModernDocumentsModule } from '../../src/modern/documents/modern-documents.module.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { STATE_STORE } from '../../src/storage/state/state-store.port.js';
import { RouteTable } from '../../src/strangler/route-table.js';
import { StranglerModule } from '../../src/strangler/strangler.module.js';

const accessAsked: string[] = [];
const caller: LegacyCaller = { username: 'alice.admin', correlationId: 'module-spec' };
const unreachable = 'http://127.0.0.1:9';

const strangler = () => StranglerModule.forRoot({ routesFile: null, controllers: false });

/** What the app provides globally: the config and the state store. */
@Global()
@Module({
  providers: [
    {
      provide: APP_CONFIG,
      useValue: {
        legacy: { soapUrl: `${unreachable}/cms/classic`, graphqlUrl: `${unreachable}/cms/graphql`, filesUrl: unreachable, serviceUsername: 'svc', servicePassword: 'pw' },
        // A ceiling: the refused connection must be what ends the call, never a deadline on a loaded machine.
        legacyTimeoutMs: 60_000,
      },
    },
    { provide: STATE_STORE, useFactory: () => new InMemoryStateStore() },
    // The one case-access decision (global AuthModule in the app): here it grants and counts.
    { provide: CaseAccessService, useValue: { assertCanSee: (_caller: LegacyCaller, caseId: string) => Promise.resolve(void accessAsked.push(caseId)) } },
  ],
  exports: [APP_CONFIG, STATE_STORE, CaseAccessService],
})
class AppStubModule {}

/** A legacy CMS that answers one document list and counts the calls. */
const legacyCalls: string[] = [];
const document: CaseDocument = {
  documentId: '5',
  versionId: '9',
  title: 'Statement',
  fileName: 'statement.pdf',
  mimeType: 'application/pdf',
  category: 'MG11',
  documentDate: null,
  parentDocumentId: null,
  isUsed: false,
  isCheckedOut: false,
  sizeBytes: 10,
  versions: [{ versionId: '9', createdAt: null, sizeBytes: 10 }],
};
const fakeLegacy = {
  listDocuments: (_caller: LegacyCaller, caseId: string) => {
    legacyCalls.push(caseId);
    return Promise.resolve([document]);
  },
};

describe('modern modules', () => {
  it('wire up in Nest with the defaults, and with options', async () => {
    const defaults = await Test.createTestingModule({ imports: [AppStubModule, strangler(), ModernDocumentsModule, ModernCaseSummaryModule] })
      .overrideProvider(UNSTRANGLED_LEGACY_CMS)
      .useValue(fakeLegacy)
      .compile();
    expect(defaults.get(ModernCaseSummaryReader)).toBeInstanceOf(ModernCaseSummaryReader);
    const readModel = defaults.get(DocumentsReadModel);
    expect(await readModel.listDocuments(caller, '3')).toEqual([document]);
    expect(await readModel.listDocuments(caller, '3')).toEqual([document]);
    expect(legacyCalls).toEqual(['3']);
    expect(accessAsked).toEqual(['3', '3']);
    // Registered by route name with the strangled port's routes; nothing imported them.
    await defaults.init();
    const table = defaults.get(RouteTable);
    expect(table.get('documents.list')?.definition.modern).toBeDefined();
    expect(table.get('cases.getSummary')?.definition.modern).toBeDefined();
    expect(table.get('cases.getDefendants')?.definition.modern).toBeUndefined();
    await defaults.close();

    // maxAgeMs 0: every read is stale, so every read goes to legacy.
    const configured = await Test.createTestingModule({ imports: [AppStubModule, strangler(), ModernDocumentsModule.withOptions({ maxAgeMs: 0 })] })
      .overrideProvider(UNSTRANGLED_LEGACY_CMS)
      .useValue(fakeLegacy)
      .compile();
    const alwaysStale = configured.get(DocumentsReadModel);
    await alwaysStale.listDocuments(caller, '4');
    await alwaysStale.listDocuments(caller, '4');
    expect(legacyCalls).toEqual(['3', '4', '4']);
  });

  it('maps an unreachable GraphQL API to a domain error', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppStubModule, strangler(), ModernCaseSummaryModule] }).compile();
    await expect(moduleRef.get(ModernCaseSummaryReader).getCaseSummary(caller, '1')).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
  });
});
