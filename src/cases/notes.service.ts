import { Inject, Injectable } from '@nestjs/common';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { registerRoutes } from '../strangler/register-routes.js';
import { currentStranglerContext } from '../strangler/strangler-request.js';
import { StranglerService } from '../strangler/strangler.service.js';
import type { NoteDto, NoteListDto } from './note.dto.js';
import { noteRoutes } from './notes.routes.js';

/** Case notes; every operation goes through its strangler route (notes.routes.ts). */
@Injectable()
export class NotesService {
  private readonly routes;

  constructor(
    private readonly strangler: StranglerService,
    @Inject(LEGACY_CMS) legacy: LegacyCms,
  ) {
    this.routes = registerRoutes(strangler, noteRoutes(legacy));
  }

  list(caller: LegacyCaller, caseId: string): Promise<NoteListDto> {
    return this.strangler.execute(this.routes.list, { caller, caseId }, currentStranglerContext());
  }

  add(caller: LegacyCaller, caseId: string, text: string): Promise<NoteDto> {
    return this.strangler.execute(this.routes.add, { caller, caseId, text }, currentStranglerContext());
  }
}
