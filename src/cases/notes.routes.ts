import type { LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { defineRoute } from '../strangler/route-definition.js';
import type { NoteDto, NoteListDto } from './note.dto.js';
import { toNoteDto, toNoteListDto } from './note.mapper.js';

/** Strangler routes of the notes controller. */
export interface NoteListArgs {
  readonly caller: LegacyCaller;
  readonly caseId: string;
}

export interface AddNoteArgs {
  readonly caller: LegacyCaller;
  readonly caseId: string;
  readonly text: string;
}

export function noteRoutes(legacy: LegacyCms) {
  return {
    list: defineRoute<NoteListArgs, NoteListDto>({
      name: 'notes.list',
      kind: 'read',
      legacy: async ({ caller, caseId }) => toNoteListDto(await legacy.listNotes(caller, caseId)),
    }),
    add: defineRoute<AddNoteArgs, NoteDto>({
      name: 'notes.add',
      kind: 'write',
      legacy: async ({ caller, caseId, text }) => toNoteDto(await legacy.addNote(caller, caseId, text)),
    }),
  };
}
