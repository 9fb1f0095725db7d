/** One server-sent event as read off the wire. */
export interface SseEvent {
  readonly id: number | null;
  readonly event: string;
  readonly data: unknown;
}

/**
 * Reads a text/event-stream response until the server ends it (after `done`), or until `stopAfter` returns true.
 * Event-driven: nothing here waits on a clock.
 */
export async function readEvents(response: Response, stopAfter: (event: SseEvent) => boolean = () => false): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map<string, string>();
        for (const line of block.split('\n')) {
          if (line.startsWith(':') || !line.includes(':')) continue;
          const at = line.indexOf(':');
          fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
        }
        if (!fields.has('event')) continue;
        const event: SseEvent = { id: fields.has('id') ? Number(fields.get('id')) : null, event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? 'null') };
        events.push(event);
        if (stopAfter(event)) return events;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
