import { REDACTION_SAVES_TABLE, type RedactionSaveRecord } from '../redaction-save-journal.js';
import type { StateStore } from '../../storage/state/state-store.port.js';

/** What became of a save started by a plan's apply, found in the save journal by its correlation id. */
export type PlanSaveOutcome = { readonly kind: 'open' } | { readonly kind: 'saved'; readonly newVersionId: string } | { readonly kind: 'not-saved' };

const PAGE = 200;
/** The journal's save ids start with the start time in ms; a clock a little behind still finds the record. */
const CLOCK_SLACK_MS = 60_000;

/**
 * After a crash the apply knows it started a save (and its correlation id) but not how it ended: the save journal
 * does. An open record is still being finished or undone by save recovery (wait for it); a closed `done` one was
 * checked in (do not save again); anything else saved nothing.
 */
export async function planSaveOutcome(store: StateStore, correlationId: string, startedAtMs: number): Promise<PlanSaveOutcome> {
  const open = await store.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, 'open');
  if (open.some((entity) => entity.value.correlationId === correlationId)) return { kind: 'open' };
  let afterKey = String(Math.max(0, startedAtMs - CLOCK_SLACK_MS)).padStart(15, '0');
  for (;;) {
    const closed = await store.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, 'closed', { afterKey, limit: PAGE });
    const mine = closed.find((entity) => entity.value.correlationId === correlationId);
    if (mine !== undefined) {
      return mine.value.step === 'done' && mine.value.newVersionId !== null ? { kind: 'saved', newVersionId: mine.value.newVersionId } : { kind: 'not-saved' };
    }
    if (closed.length < PAGE) return { kind: 'not-saved' };
    afterKey = closed.at(-1)!.key;
  }
}
