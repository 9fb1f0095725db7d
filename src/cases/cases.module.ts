import { Module } from '@nestjs/common';
import { LegacyModule } from '../legacy/legacy.module.js';
import { ModernCaseSummaryModule } from '../modern/case-summary/modern-case-summary.module.js';
import { ModernDocumentsModule } from '../modern/documents/modern-documents.module.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { DocumentContentService } from './document-content.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

/**
 * REST API v1: cases, defendants, witnesses, documents and notes. Each operation is a strangler route
 * (`*.routes.ts`) with its legacy implementation over the LegacyCms port and, where one exists, a
 * modern one from src/modern.
 */
@Module({
  imports: [LegacyModule, ModernCaseSummaryModule, ModernDocumentsModule],
  controllers: [CasesController, DocumentsController, NotesController],
  providers: [CasesService, DocumentsService, DocumentContentService, NotesService],
})
export class CasesModule {}
