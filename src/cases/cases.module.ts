import { Module } from '@nestjs/common';
import { LegacyModule } from '../legacy/legacy.module.js';
import { CasesController } from './cases.controller.js';
import { DocumentContentService } from './document-content.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { NotesController } from './notes.controller.js';
import { DocumentViewService } from './document-view.service.js';
import { CaseHistoryStore } from './user-state/case-history.store.js';
import { CaseVisitsStore } from './user-state/case-visits.store.js';
import { DocumentNotesStore } from './user-state/document-notes.store.js';
import { ReadMarksStore } from './user-state/read-marks.store.js';
import { RecentCasesController } from './user-state/recent-cases.controller.js';
import { UserStateController } from './user-state/user-state.controller.js';
import { UserStateService } from './user-state/user-state.service.js';

/**
 * REST API v1: cases, defendants, witnesses, documents and notes, per-user state (ADR 0034), over the strangled LegacyCms port
 * (every port call is a strangler route; modern implementations register with ModernRegistry).
 */
@Module({
  imports: [LegacyModule],
  controllers: [CasesController, DocumentsController, NotesController, UserStateController, RecentCasesController],
  providers: [
    DocumentsService,
    DocumentContentService,
    DocumentViewService,
    UserStateService,
    CaseHistoryStore,
    CaseVisitsStore,
    ReadMarksStore,
    DocumentNotesStore,
  ],
})
export class CasesModule {}
