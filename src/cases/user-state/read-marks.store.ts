import { Inject, Injectable, Optional } from '@nestjs/common';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import { systemClock, USER_STATE_CLOCK, type UserStateClock } from './user-state.clock.js';

export const READ_MARKS_TABLE = 'userDocumentReads';

interface ReadMark {
  readonly readAt: string;
}

const key = (caseId: string, documentId: string, versionId: string): string => `${caseId}:${documentId}:${versionId}`;

/** Which document versions each user has read: partition = the legacy username, key = case:document:version. */
@Injectable()
export class ReadMarksStore {
  constructor(
    @Inject(STATE_STORE) private readonly state: StateStore,
    @Optional() @Inject(USER_STATE_CLOCK) private readonly now: UserStateClock = systemClock,
  ) {}

  async markRead(username: string, caseId: string, documentId: string, versionId: string): Promise<void> {
    await this.state.put<ReadMark>(READ_MARKS_TABLE, username, key(caseId, documentId, versionId), { readAt: this.now().toISOString() });
  }

  async markUnread(username: string, caseId: string, documentId: string, versionId: string): Promise<void> {
    await this.state.delete(READ_MARKS_TABLE, username, key(caseId, documentId, versionId));
  }

  /** `documentId:versionId` of every version of the case the user has read. */
  async readVersions(username: string, caseId: string): Promise<ReadonlySet<string>> {
    const prefix = `${caseId}:`;
    const marks = await this.state.list<ReadMark>(READ_MARKS_TABLE, username, { keyPrefix: prefix });
    return new Set(marks.map((mark) => mark.key.slice(prefix.length)));
  }
}

export const readKey = (documentId: string, versionId: string): string => `${documentId}:${versionId}`;
