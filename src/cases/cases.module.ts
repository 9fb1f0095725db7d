import { Module } from '@nestjs/common';
import { LegacyModule } from '../legacy/legacy.module.js';
import { CasesController } from './cases.controller.js';
import { DocumentContentService } from './document-content.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { NotesController } from './notes.controller.js';

/**
 * REST API v1: cases, defendants, witnesses, documents and notes, over the strangled LegacyCms port
 * (every port call is a strangler route; modern implementations register with ModernRegistry).
 */
@Module({
  imports: [LegacyModule],
  controllers: [CasesController, DocumentsController, NotesController],
  providers: [DocumentsService, DocumentContentService],
})
export class CasesModule {}
