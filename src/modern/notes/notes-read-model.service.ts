import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CaseAccessService } from '../../auth/case-access.service.js';
import type { CaseNote, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import { UNSTRANGLED_LEGACY_CMS } from '../../legacy/unstrangled-legacy-cms.token.js';
import { STATE_STORE, type StateStore } from '../../storage/state/state-store.port.js';
import type { LegacyAnswerListener } from '../../strangler/strangler.service.js';
import { CaseReadModel, type CaseAccessDecision } from '../case-read-model/case-read-model.js';
import { invalidateOnWrites } from '../case-read-model/case-writes.js';
import { DEFAULT_NOTES_MAX_AGE_MS, NOTES_READ_MODEL_OPTIONS, type NotesReadModelOptions } from './notes-read-model.options.js';

/** One partition per case: an entity per note (key: its zero-padded position in the legacy answer) and the case entity. */
export const CASE_NOTES_TABLE = 'casenotes';

/** The port's writes that change a case's notes. */
export const NOTE_WRITE_ROUTES = ['notes.add'] as const;

/**
 * notes.list, modern side: the case's notes served from the facade's own state store (CaseReadModel), in the
 * legacy CMS's order. Case access is decided before every answer; a refresh runs as the caller; notes.add
 * through the port marks the case stale (`onLegacyAnswer`).
 */
@Injectable()
export class NotesReadModel {
  private readonly model: CaseReadModel<CaseNote>;
  private readonly logger = new Logger(NotesReadModel.name);

  /** Register with StranglerService.addLegacyAnswerListener. */
  readonly onLegacyAnswer: LegacyAnswerListener;

  constructor(
    @Inject(UNSTRANGLED_LEGACY_CMS) legacy: LegacyCms,
    @Inject(CaseAccessService) access: CaseAccessDecision,
    @Inject(STATE_STORE) store: StateStore,
    @Optional() @Inject(NOTES_READ_MODEL_OPTIONS) options: NotesReadModelOptions | null = null,
  ) {
    this.model = new CaseReadModel<CaseNote>(
      {
        table: CASE_NOTES_TABLE,
        readLegacy: (caller, caseId) => legacy.listNotes(caller, caseId),
        // Notes have no order of their own in the port: the legacy CMS's order is the answer.
        keyed: (notes) => notes.map((item, index) => ({ key: String(index).padStart(8, '0'), item })),
      },
      access,
      store,
      { maxAgeMs: options?.maxAgeMs ?? DEFAULT_NOTES_MAX_AGE_MS, now: options?.now ?? Date.now },
    );
    this.onLegacyAnswer = invalidateOnWrites(NOTE_WRITE_ROUTES, (caseId) => this.invalidate(caseId));
  }

  listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return this.model.list(caller, caseId);
  }

  /** Reads the case's notes from the legacy CMS now. */
  refresh(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return this.model.refresh(caller, caseId);
  }

  /** Marks the case's notes stale in the store; returns at once. */
  invalidate(caseId: string): void {
    this.model.invalidate(caseId, (error) => this.logger.warn(`notes read model of case ${caseId} not invalidated: ${String(error)}`));
  }
}
