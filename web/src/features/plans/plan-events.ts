import { authorisedFetch, problemOf, ApiError } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/** A redaction plan's apply events (ADR 0031), their `data:` parsed. */
export type PlanEvent =
  | { readonly id: number | null; readonly event: 'progress'; readonly data: Schemas['PlanRunStartedDto'] }
  | { readonly id: number | null; readonly event: 'document'; readonly data: Schemas['PlanDocumentFinishedDto'] }
  | { readonly id: number | null; readonly event: 'done'; readonly data: Schemas['PlanDoneDto'] }
  | { readonly id: number | null; readonly event: 'error'; readonly data: Schemas['PlanStreamErrorDto'] };

/** One event as read off a text/event-stream, before it is given a type. */
export interface RawServerEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

/**
 * An incremental text/event-stream parser (the WHATWG rules that matter here: `id`, `event`, multi-line `data`,
 * comments, CR/LF/CRLF line ends). Feed it chunks; it hands back the complete events so far.
 */
export class ServerEventParser {
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];

  push(chunk: string): RawServerEvent[] {
    this.buffer += chunk;
    const events: RawServerEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A lone CR at the end may be the first half of a CRLF: wait for the next chunk.
      if (end < 0 || (this.buffer[end] === '\r' && end === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (this.data.length > 0 || this.event !== '') events.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') this.id = value;
      else if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return events;
  }
}

const KNOWN = new Set(['progress', 'document', 'done', 'error']);

/**
 * Follows a plan's events with fetch (EventSource cannot send the bearer header): reconnects with Last-Event-ID when
 * the stream drops before `done`, and returns once `done` arrived or `signal` aborts.
 */
export async function followPlanEvents(caseId: string, planId: string, onEvent: (event: PlanEvent) => void, signal: AbortSignal): Promise<void> {
  const url = `/api/v1/cases/${encodeURIComponent(caseId)}/redaction-plans/${encodeURIComponent(planId)}/events`;
  let lastEventId: string | null = null;
  let failures = 0;
  while (!signal.aborted) {
    let finished = false;
    try {
      const response = await authorisedFetch(url, { signal, headers: { accept: 'text/event-stream', ...(lastEventId === null ? {} : { 'last-event-id': lastEventId }) } });
      if (!response.ok || response.body === null) {
        const body: unknown = await response.json().catch(() => null);
        throw new ApiError(problemOf(body, response));
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new ServerEventParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const raw of parser.push(value)) {
          if (raw.id !== null) lastEventId = raw.id;
          if (!KNOWN.has(raw.event)) continue;
          failures = 0;
          const event = { id: raw.id === null ? null : Number(raw.id), event: raw.event, data: JSON.parse(raw.data) as unknown } as PlanEvent;
          onEvent(event);
          if (event.event === 'done') finished = true;
        }
      }
    } catch (failure) {
      if (signal.aborted) return;
      // A refusal (the plan is gone, access withdrawn) will not heal by retrying.
      if (failure instanceof ApiError && failure.problem.status < 500) throw failure;
      failures += 1;
      if (failures > 5) throw failure;
    }
    if (finished) return;
    // The server's `retry: 2000`, growing a little with consecutive failures.
    await new Promise((resolve) => setTimeout(resolve, 2000 * Math.max(1, failures)));
  }
}
