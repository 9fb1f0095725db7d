import { Inject, Injectable } from '@nestjs/common';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import type { HistoryPosition } from './case-history.store.js';

export const CASE_VISITS_TABLE = 'userCaseVisits';

/** Each user's last visit to each case's changes: partition = the legacy username, key = the case id. */
@Injectable()
export class CaseVisitsStore {
  constructor(@Inject(STATE_STORE) private readonly state: StateStore) {}

  async lastVisit(username: string, caseId: string): Promise<HistoryPosition | null> {
    return (await this.state.get<HistoryPosition>(CASE_VISITS_TABLE, username, caseId))?.value ?? null;
  }

  /** The user's visits, most recent first (the row's write time is the visit's). */
  async recentVisits(username: string): Promise<{ caseId: string; visitedAt: string }[]> {
    const visits = await this.state.list<HistoryPosition>(CASE_VISITS_TABLE, username);
    return visits.map((visit) => ({ caseId: visit.key, visitedAt: visit.updatedAt })).sort((a, b) => Date.parse(b.visitedAt) - Date.parse(a.visitedAt));
  }

  /** Never moves a visit back (two tabs of one user answering out of order). */
  async recordVisit(username: string, caseId: string, position: HistoryPosition): Promise<void> {
    const previous = await this.state.get<HistoryPosition>(CASE_VISITS_TABLE, username, caseId);
    if (previous !== null && previous.value.generation > position.generation) return;
    await this.state.put<HistoryPosition>(CASE_VISITS_TABLE, username, caseId, position);
  }
}
