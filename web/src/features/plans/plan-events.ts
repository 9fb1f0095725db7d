import { followEventStream } from '../../api/event-stream';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/** A redaction plan's apply events (ADR 0031), their `data:` parsed. */
export type PlanEvent =
  | { readonly id: number | null; readonly event: 'progress'; readonly data: Schemas['PlanRunStartedDto'] }
  | { readonly id: number | null; readonly event: 'document'; readonly data: Schemas['PlanDocumentFinishedDto'] }
  | { readonly id: number | null; readonly event: 'done'; readonly data: Schemas['PlanDoneDto'] }
  | { readonly id: number | null; readonly event: 'error'; readonly data: Schemas['PlanStreamErrorDto'] };

const KNOWN = new Set(['progress', 'document', 'done', 'error']);

/**
 * Follows a plan's events (web/src/api/event-stream.ts: fetch with the bearer header, reconnecting with
 * Last-Event-ID); resolves once `done` arrived or `signal` aborts.
 */
export function followPlanEvents(caseId: string, planId: string, onEvent: (event: PlanEvent) => void, signal: AbortSignal): Promise<void> {
  const url = `/api/v1/cases/${encodeURIComponent(caseId)}/redaction-plans/${encodeURIComponent(planId)}/events`;
  return followEventStream(url, {
    signal,
    onEvent(raw) {
      if (!KNOWN.has(raw.event)) return;
      const event = { id: raw.id === null ? null : Number(raw.id), event: raw.event, data: JSON.parse(raw.data) as unknown } as PlanEvent;
      onEvent(event);
      return event.event === 'done' ? 'stop' : undefined;
    },
  });
}
