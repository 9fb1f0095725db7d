import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the stand-in that counts the calls reaching the legacy CMS
 * per interface (by path), and the most in flight at once: what the facade really sent.
 */
export interface CountingProxy {
  readonly origin: string;
  /** Calls seen per interface since start. */
  readonly calls: Record<'soap' | 'graphql' | 'files' | 'other', number>;
  /** The most calls in flight at once per interface. */
  readonly peakInFlight: Record<'soap' | 'graphql' | 'files' | 'other', number>;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string, paths: { soap: string; graphql: string; files: string }): Promise<CountingProxy> {
  const upstream = new URL(target);
  const calls = { soap: 0, graphql: 0, files: 0, other: 0 };
  const inFlight = { soap: 0, graphql: 0, files: 0, other: 0 };
  const peakInFlight = { soap: 0, graphql: 0, files: 0, other: 0 };
  const interfaceOf = (url: string): keyof typeof calls =>
    url.startsWith(paths.soap) ? 'soap' : url.startsWith(paths.graphql) ? 'graphql' : url.startsWith(paths.files) ? 'files' : 'other';
  const server: Server = createServer((incoming, outgoing) => {
    const which = interfaceOf(incoming.url ?? '/');
    calls[which] += 1;
    inFlight[which] += 1;
    peakInFlight[which] = Math.max(peakInFlight[which], inFlight[which]);
    let done = false;
    const finish = (): void => {
      if (!done) inFlight[which] -= 1;
      done = true;
    };
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    // The facade gave up on the call (its deadline): the call toward the stand-in is dropped too.
    outgoing.on('close', () => {
      finish();
      if (!outgoing.writableFinished) forwarded.destroy();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    calls,
    peakInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
