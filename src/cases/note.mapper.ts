import type { CaseNote } from '../legacy/legacy-cms.port.js';
import type { NoteDto, NoteListDto } from './note.dto.js';

export function toNoteDto(note: CaseNote): NoteDto {
  return { noteId: note.noteId, text: note.text, createdBy: note.createdBy, createdAt: note.createdAt };
}

export function toNoteListDto(notes: readonly CaseNote[]): NoteListDto {
  return { notes: notes.map(toNoteDto) };
}
