import type { ServerResponse } from 'node:http';

/** One open text/event-stream response: what the tracker's and the redaction plans' streams share. */
export interface EventStream {
  /** Writes one event (with `id:` when given); nothing once closed. */
  send(event: string, data: unknown, id?: number): void;
  /** Ends the response and runs the close hooks; safe to call twice. Also runs when the client goes away. */
  close(): void;
  readonly closed: boolean;
}

/**
 * Starts a server-sent event stream on a raw response: the headers, a reconnect hint, a comment line every
 * heartbeatMs so proxies keep an idle stream open. `onClose` releases what the caller holds (watchers, timers).
 */
export function openEventStream(response: ServerResponse, options: { readonly heartbeatMs: number; readonly onClose: () => void }): EventStream {
  let closed = false;
  const heartbeat = setInterval(() => {
    if (!closed) response.write(': heartbeat\n\n');
  }, options.heartbeatMs);
  const stream: EventStream = {
    send(event, data, id) {
      if (!closed) response.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      options.onClose();
      if (!response.writableEnded) response.end();
    },
    get closed() {
      return closed;
    },
  };
  response.once('close', () => stream.close());
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  response.write('retry: 2000\n\n');
  return stream;
}
