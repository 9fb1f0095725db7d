import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DomainError } from '../common/domain-error.js';
import { transportErrorToDomainError } from './transport-error.mapper.js';

export interface LegacyHttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Safe to send twice (a read): only then is a call resent after a kept-alive socket turns out closed. */
  readonly idempotent: boolean;
}

export interface LegacyHttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Larger answers are refused: a SOAP or GraphQL reply this big is a fault, and would sit whole in memory. */
export const MAX_LEGACY_RESPONSE_BYTES = 32 * 1_048_576;

/**
 * Buffered request/response calls to one legacy API (SOAP envelopes, GraphQL queries) over
 * keep-alive connections, with one hard deadline per call that covers connect, send and the
 * whole answer. Plain node:http: the generic clients' per-call AbortSignal, config merging
 * and WHATWG streams cost several times the rest of a facade request (bench/facade-overhead).
 * Failures reject with DomainErrors (LEGACY_TIMEOUT, LEGACY_UNAVAILABLE, LEGACY_BAD_RESPONSE).
 */
export class LegacyHttpClient {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  /** Each client talks to one or two fixed endpoints; parsing their URL on every call is a measurable share of a call. */
  private readonly targets = new Map<string, URL>();

  constructor(
    /** Which API, for error messages, e.g. "Classic (SOAP)". */
    private readonly what: string,
    private readonly timeoutMs: number,
    private readonly maxResponseBytes = MAX_LEGACY_RESPONSE_BYTES,
    /** Sockets open to the legacy API at most; further calls wait for one (within their deadline). */
    maxSockets = 64,
  ) {
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
  }

  /** Sends one request; `timeoutMs` (default: the client's) covers connect, send and the whole answer. */
  async send(request: LegacyHttpRequest, timeoutMs = this.timeoutMs): Promise<LegacyHttpResponse> {
    try {
      return await this.attempt(request, request.idempotent, timeoutMs);
    } catch (error) {
      // A keep-alive socket the server had just closed, so the request most likely never reached it: a read is sent again.
      if (error instanceof StaleSocketError) return this.attempt(request, false, timeoutMs);
      throw error;
    }
  }

  /** Closes idle keep-alive connections (app shutdown). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private attempt({ url, method, headers, body }: LegacyHttpRequest, mayResend: boolean, timeoutMs: number): Promise<LegacyHttpResponse> {
    return new Promise((resolve, reject) => {
      const target = this.targetOf(url);
      const secure = target.protocol === 'https:';
      const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const allHeaders = payload === undefined ? headers : { ...headers, 'content-length': String(payload.length) };
      let answered = false;
      let settled = false;
      const settle = (error: Error | null, response?: LegacyHttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (response !== undefined) resolve(response);
        else reject(error ?? new Error('no answer'));
      };
      const send = secure ? httpsRequest : httpRequest;
      const req: ClientRequest = send(
        target,
        { method, headers: allHeaders, agent: secure ? this.httpsAgent : this.httpAgent },
        (res) => {
          answered = true;
          this.readAnswer(req, res, settle);
        },
      );
      const timer = setTimeout(() => {
        settle(new DomainError('LEGACY_TIMEOUT', `legacy CMS ${this.what} did not answer in time`));
        req.destroy();
      }, timeoutMs);
      timer.unref();
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (mayResend && !answered && req.reusedSocket && error.code === 'ECONNRESET') settle(new StaleSocketError());
        else settle(transportErrorToDomainError(error, this.what, false));
      });
      req.end(payload);
    });
  }

  private targetOf(url: string): URL {
    let target = this.targets.get(url);
    if (target === undefined) {
      target = new URL(url);
      if (this.targets.size < 16) this.targets.set(url, target);
    }
    return target;
  }

  private readAnswer(req: ClientRequest, res: IncomingMessage, settle: (error: Error | null, response?: LegacyHttpResponse) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        settle(new DomainError('LEGACY_BAD_RESPONSE', `legacy CMS ${this.what} answered more than ${this.maxResponseBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => settle(null, { status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
    const fail = (error: unknown): void => settle(transportErrorToDomainError(error, this.what, false));
    res.on('error', fail);
    res.on('close', () => {
      if (!res.complete) fail(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
    });
  }
}

class StaleSocketError extends Error {}
