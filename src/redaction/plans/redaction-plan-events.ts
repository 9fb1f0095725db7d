import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
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
  let closed = false;
  let sending = false;
  let again = false;

  const close = (): void => {
    if (closed) return;
    closed = true;
    unwatch();
    clearInterval(heartbeat);
    clearInterval(poll);
    if (!response.writableEnded) response.end();
  };

  const flush = async (): Promise<void> => {
    if (closed) return;
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
          if (closed) return;
          response.write(`id: ${event.sequence}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
          sent = event.sequence;
          if (event.event === 'done') return close();
        }
        // Applied before these events were read, and nothing more to send: the client had everything.
        if (applied && events.length === 0) return close();
      } while (again && !closed);
    } catch {
      if (!closed) response.write(`event: error\ndata: ${JSON.stringify({ message: 'the plan’s progress could not be read' })}\n\n`);
      close();
    } finally {
      sending = false;
    }
  };

  const unwatch = source.watch(() => void flush());
  const heartbeat = setInterval(() => {
    if (!closed) response.write(': heartbeat\n\n');
  }, options.heartbeatMs);
  const poll = setInterval(() => void flush(), options.pollMs);
  response.once('close', close);
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  response.write('retry: 2000\n\n');
  void flush();
}
