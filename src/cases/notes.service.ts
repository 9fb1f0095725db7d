import { Inject, Injectable } from '@nestjs/common';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import type { NoteDto, NoteListDto } from './note.dto.js';
import { toNoteDto, toNoteListDto } from './note.mapper.js';

@Injectable()
export class NotesService {
  constructor(@Inject(LEGACY_CMS) private readonly legacy: LegacyCms) {}

  async list(caller: LegacyCaller, caseId: string): Promise<NoteListDto> {
    return toNoteListDto(await this.legacy.listNotes(caller, caseId));
  }

  async add(caller: LegacyCaller, caseId: string, text: string): Promise<NoteDto> {
    return toNoteDto(await this.legacy.addNote(caller, caseId, text));
  }
}
