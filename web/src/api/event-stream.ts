import { ApiError, authorisedFetch, problemOf } from './client';

/** One server-sent event: its `event:` name (`message` when none) and its `data:` lines joined by "\n". */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | null;
}

/**
 * The text/event-stream format (HTML Living Standard, "Parsing an event stream"), fed in chunks as they arrive:
 * lines end in CRLF, LF or CR; a blank line dispatches the event; `:` starts a comment (heartbeats).
 */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | null = null;
  /** The server's `retry:` in ms, when it sent one. */
  retryMs: number | null = null;

  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\n|\r/);
      if (end === -1) break;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for the next chunk.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const dispatched = this.line(line);
      if (dispatched !== null) events.push(dispatched);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return null;
      }
      const dispatched = { event: this.event || 'message', data: this.data.join('\n'), id: this.id };
      this.event = '';
      this.data = [];
      return dispatched;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}

export interface FollowOptions {
  /** Each event; answer 'stop' to end the stream for good (e.g. after `done`). */
  onEvent(event: ServerSentEvent): 'stop' | void;
  /** The stream is open (again). */
  onOpen?(): void;
  /** The stream broke; it is tried again in `retryInMs`. */
  onRetry?(error: Error, retryInMs: number): void;
  readonly signal: AbortSignal;
  readonly maxRetryMs?: number;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * Reads a server-sent event stream with fetch, so the bearer token goes in a header (EventSource cannot send one),
 * and reconnects with exponential backoff (from the server's `retry:`) until `onEvent` says stop or `signal` aborts.
 * A 4xx answer (but 408/429) is not retried: it rejects with the ApiError.
 */
export async function followEventStream(url: string, options: FollowOptions): Promise<void> {
  const { signal } = options;
  let baseRetryMs = FIRST_RETRY_MS;
  let failures = 0;
  let lastEventId: string | null = null;
  while (!signal.aborted) {
    const parser = new EventStreamParser();
    try {
      // Reconnecting, the last event's id tells the server where to resume (a plan's events replay from there).
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...(lastEventId === null ? {} : { 'Last-Event-ID': lastEventId }) };
      const response = await authorisedFetch(url, { headers, signal, cache: 'no-store' });
      if (!response.ok || response.body === null) {
        const body: unknown = await response.json().catch(() => undefined);
        const error = new ApiError(problemOf(body, response));
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw error;
        throw Object.assign(error, { retryable: true });
      }
      options.onOpen?.();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.push(value)) {
          failures = 0;
          if (event.id !== null) lastEventId = event.id;
          if (options.onEvent(event) === 'stop') {
            await reader.cancel().catch(() => undefined);
            return;
          }
        }
        if (parser.retryMs !== null) baseRetryMs = parser.retryMs;
      }
      throw new Error('The event stream ended.');
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && !('retryable' in error)) throw error;
      const retryInMs = Math.min(options.maxRetryMs ?? MAX_RETRY_MS, baseRetryMs * 2 ** failures);
      failures += 1;
      options.onRetry?.(error instanceof Error ? error : new Error(String(error)), retryInMs);
      await sleep(retryInMs, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
