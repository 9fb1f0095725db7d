import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A document version one facade process downloaded from the legacy file store (ids as the facade carries them: 42, not 00000042). */
export interface Download {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
}

/**
 * A pass-through proxy in front of the legacy file store (`/files/{caseId}/{documentId}/{versionId}`), one per facade
 * process: the process's LEGACY_FILES_URL. It tells which process fetched which document (the fetch is the first thing
 * an ingestion job does), and can hold a document's download unanswered until released, so a job is reliably in
 * flight on a known process, however fast or slow the machine.
 */
export class LegacyFilesGate {
  readonly downloads: Download[] = [];
  url = '';
  private server: Server | null = null;
  private readonly held: { readonly documentId: string; readonly response: ServerResponse }[] = [];
  private holding: ReadonlySet<string> = new Set();
  private heldSeen: ((documentId: string) => void) | null = null;

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => this.forward(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** From now on, downloads of these documents wait unanswered until `release`. */
  hold(documentIds: readonly string[], onHeld: (documentId: string) => void = () => undefined): void {
    this.holding = new Set(documentIds);
    this.heldSeen = onHeld;
  }

  /** Stops holding; the requests held so far are dropped (their process is gone, or will retry). */
  release(): void {
    this.holding = new Set();
    this.heldSeen = null;
    for (const { response } of this.held.splice(0)) response.destroy();
  }

  /** The distinct documents downloaded through this gate. */
  documentIds(caseId: string): Set<string> {
    return new Set(this.downloads.filter((download) => download.caseId === caseId).map((download) => download.documentId));
  }

  async stop(): Promise<void> {
    this.release();
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(request: IncomingMessage, response: ServerResponse): void {
    const match = /^\/files\/(\d+)\/(\d+)\/(\d+)(?:\?|$)/.exec(request.url ?? '');
    if (match !== null) {
      const download = { caseId: String(Number(match[1])), documentId: String(Number(match[2])), versionId: String(Number(match[3])) };
      this.downloads.push(download);
      if (this.holding.has(download.documentId)) {
        this.held.push({ documentId: download.documentId, response });
        this.heldSeen?.(download.documentId);
        return;
      }
    }
    const upstream = httpRequest(`${this.target}${request.url ?? '/'}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  }
}
