import { Module } from '@nestjs/common';
import { ModernCaseSummaryModule } from './case-summary/modern-case-summary.module.js';
import { ModernDefendantsModule } from './defendants/modern-defendants.module.js';
import { ModernDocumentsModule } from './documents/modern-documents.module.js';
import { ModernNotesModule } from './notes/modern-notes.module.js';

/**
 * The strangler's new side: each module registers its implementations with ModernRegistry by route
 * name; no feature imports them. A route serves modern only when the route table says so.
 */
@Module({
  imports: [ModernCaseSummaryModule, ModernDocumentsModule, ModernDefendantsModule, ModernNotesModule],
})
export class ModernModule {}
