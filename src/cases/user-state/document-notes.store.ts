import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import { systemClock, USER_STATE_CLOCK, type UserStateClock } from './user-state.clock.js';

export const DOCUMENT_NOTES_TABLE = 'documentNotes';

export interface DocumentNote {
  readonly noteId: string;
  readonly documentId: string;
  readonly text: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/**
 * Notes on a document, kept by the facade (the legacy CMS's notes belong to the case, not to a document):
 * partition = the case id, key = `documentId:` + a time-ordered id, so one document's notes list in order.
 */
@Injectable()
export class DocumentNotesStore {
  constructor(
    @Inject(STATE_STORE) private readonly state: StateStore,
    @Optional() @Inject(USER_STATE_CLOCK) private readonly now: UserStateClock = systemClock,
  ) {}

  async add(caseId: string, documentId: string, createdBy: string, text: string): Promise<DocumentNote> {
    const createdAt = this.now();
    const noteId = `${String(createdAt.getTime()).padStart(15, '0')}-${randomBytes(6).toString('hex')}`;
    const note: DocumentNote = { noteId, documentId, text, createdBy, createdAt: createdAt.toISOString() };
    await this.state.put<DocumentNote>(DOCUMENT_NOTES_TABLE, caseId, `${documentId}:${noteId}`, note, { ifAbsent: true });
    return note;
  }

  /** Oldest first. */
  async list(caseId: string, documentId: string): Promise<DocumentNote[]> {
    return (await this.state.list<DocumentNote>(DOCUMENT_NOTES_TABLE, caseId, { keyPrefix: `${documentId}:` })).map((entity) => entity.value);
  }
}
