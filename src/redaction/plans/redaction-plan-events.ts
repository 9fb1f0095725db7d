import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { openEventStream } from '../../common/http-content/event-stream.js';
import type { StoredPlanEvent } from './redaction-plan.model.js';

/**
 * Wakes this instance's event streams as soon as its runner writes an event. Only a shortcut: the events are in
 * the StateStore, and every stream also polls it, so a runner in another instance is followed too.
 */
@Injectable()
export class PlanEventsNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  notify(planId: string): void {
    this.emitter.emit(planId);
  }

  watch(planId: string, listener: () => void): () => void {
    this.emitter.on(planId, listener);
    return () => this.emitter.off(planId, listener);
  }
}

export interface PlanEventsOptions {
  readonly heartbeatMs: number;
  readonly pollMs: number;
}

export interface PlanEventSource {
  /** Stored events after this sequence number, oldest first. */
  readonly load: (afterSequence: number) => Promise<readonly StoredPlanEvent[]>;
  /** Whether the plan is applied (then the stream ends once the stored events are sent). */
  readonly applied: () => Promise<boolean>;
  readonly watch: (listener: () => void) => () => void;
}

/**
 * Server-sent events of a plan's apply, from the stored events: each with `id:` (its sequence number) so a client
 * that reconnects with `Last-Event-ID` gets only what it missed. `document` per document finished (with the
 * progress counts), `progress` when a run starts or resumes, `done` (then the stream ends).
 */
export function streamPlanEvents(response: ServerResponse, lastEventId: number, source: PlanEventSource, options: PlanEventsOptions): void {
  let sent = lastEventId;
  let sending = false;
  let again = false;
  let unwatch = (): void => {};
  const poll = setInterval(() => void flush(), options.pollMs);
  const stream = openEventStream(response, {
    heartbeatMs: options.heartbeatMs,
    onClose: () => {
      unwatch();
      clearInterval(poll);
    },
  });

  const flush = async (): Promise<void> => {
    if (stream.closed) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    try {
      do {
        again = false;
        const applied = await source.applied();
        const events = await source.load(sent);
        for (const event of events) {
          if (stream.closed) return;
          stream.send(event.event, event.data, event.sequence);
          sent = event.sequence;
          if (event.event === 'done') return stream.close();
        }
        // Applied before these events were read, and nothing more to send: the client had everything.
        if (applied && events.length === 0) return stream.close();
      } while (again && !stream.closed);
    } catch {
      stream.send('error', { message: 'the plan’s progress could not be read' });
      stream.close();
    } finally {
      sending = false;
    }
  };

  unwatch = source.watch(() => void flush());
  void flush();
}
