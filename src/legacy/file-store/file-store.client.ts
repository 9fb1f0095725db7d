import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import { DomainError } from '../../common/domain-error.js';
import { LegacySessionExpiredError, legacyCodeToDomainError, retryAfterSeconds } from '../legacy-code.mapper.js';
import type { ByteRange } from '../legacy-cms.port.js';
import type { LegacyCallPolicy } from '../resilience/legacy-call.policy.js';
import { LegacyDeadline, httpStatusToDomainError, transportErrorToDomainError } from '../transport-error.mapper.js';

export interface FileStoreResponse {
  readonly stream: Readable;
  /** Size of the whole file when the store said so (Content-Range total or Content-Length of a 200). */
  readonly totalBytes: number | null;
  /** The range served (206), or null for the whole file. */
  readonly range: ByteRange | null;
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;
/**
 * Bytes of a body read ahead from the store while the client is slower (default 16 KiB). A body is relayed to a
 * client through one more process than a direct download; with 16 KiB of slack each side waits on the other at
 * every 64 KiB socket read, and the relay ran at half the store's speed on a shared 2-core host.
 */
export const FILE_STORE_READ_AHEAD_BYTES = 1024 * 1024;

/**
 * The legacy file store: plain GET of a FileStorePath with the session as a cookie, honouring
 * Range. The body is streamed, never buffered. The deadline covers the wait for the response
 * headers only: after that the pace is the consumer's (back-pressure), so idleness proves nothing.
 */
export class FileStoreClient {
  private readonly http: AxiosInstance;
  private readonly baseUrl: string;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(
    filesUrl: string,
    private readonly timeoutMs: number,
    /** Deadline (to the response headers), retries, breaker and bulkhead (none: each call just has `timeoutMs`). */
    private readonly policy: LegacyCallPolicy | null = null,
    /** Sockets open to the store at most: a streamed body holds its socket until consumed. */
    maxSockets = 64,
  ) {
    this.baseUrl = filesUrl.replace(/\/+$/, '');
    // Passed on to each socket (net.Socket is a Duplex), hence to each response body read from it.
    const socketOptions = { readableHighWaterMark: FILE_STORE_READ_AHEAD_BYTES };
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets, ...socketOptions });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets, ...socketOptions });
    this.http = axios.create({ maxRedirects: 0, httpAgent: this.httpAgent, httpsAgent: this.httpsAgent });
  }

  /** Closes idle keep-alive connections (app shutdown). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * The URL of a FileStorePath. The path is relative to the store's base URL; a path that
   * starts with the base URL's own path (e.g. `/files/…` under `…/files`) is taken as rooted
   * at the host. Anything that could leave the file store is refused.
   */
  urlOf(fileStorePath: string): string {
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    let relative = fileStorePath;
    if (basePath !== '' && (relative === basePath || relative.startsWith(`${basePath}/`))) relative = relative.slice(basePath.length);
    relative = relative.replace(/^\/+/, '');
    const segments = relative.split('/').map(decodeURIComponentSafe);
    const unusable = (segment: string): boolean => segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\');
    if (/^[a-z][a-z0-9+.-]*:/i.test(relative) || segments.some(unusable)) {
      throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS gave an unusable file store path');
    }
    return `${this.baseUrl}/${segments.map(encodeURIComponent).join('/')}`;
  }

  fetch(fileStorePath: string, sessionToken: string, range: ByteRange | null, correlationId: string): Promise<FileStoreResponse> {
    if (this.policy === null) return this.fetchOnce(fileStorePath, sessionToken, range, correlationId, this.timeoutMs);
    return this.policy.run(true, (timeoutMs) => this.fetchOnce(fileStorePath, sessionToken, range, correlationId, timeoutMs));
  }

  private async fetchOnce(fileStorePath: string, sessionToken: string, range: ByteRange | null, correlationId: string, timeoutMs: number): Promise<FileStoreResponse> {
    const url = this.urlOf(fileStorePath);
    const headers: Record<string, string> = { Cookie: `CMSSESSION=${sessionToken}`, 'X-Correlation-Id': correlationId };
    if (range) headers.Range = `bytes=${range.start}-${range.end}`;
    const deadline = new LegacyDeadline(timeoutMs);
    let response;
    try {
      response = await this.http.get<IncomingMessage>(url, {
        headers,
        responseType: 'stream',
        decompress: false,
        signal: deadline.signal,
        validateStatus: () => true,
      });
    } catch (error) {
      throw transportErrorToDomainError(error, 'file store', deadline.timedOut);
    } finally {
      deadline.clear();
    }
    const stream = response.data;
    const { status } = response;
    if (status !== 200 && status !== 206) {
      stream.resume();
      stream.destroy();
      throw this.failure(status, response.headers['x-cms-code'], response.headers['retry-after']);
    }
    if (status === 206) {
      const match = CONTENT_RANGE.exec(String(response.headers['content-range'] ?? ''));
      if (!match) {
        stream.destroy();
        throw new DomainError('LEGACY_BAD_RESPONSE', 'file store answered 206 without a usable Content-Range');
      }
      return {
        stream,
        range: { start: Number(match[1]), end: Number(match[2]) },
        totalBytes: match[3] === '*' ? null : Number(match[3]),
      };
    }
    const length = Number(response.headers['content-length']);
    return { stream, range: null, totalBytes: Number.isSafeInteger(length) && length >= 0 ? length : null };
  }

  /** Up when the store answers at all below HTTP 500. */
  async ping(correlationId: string): Promise<{ up: boolean; detail?: string }> {
    const deadline = new LegacyDeadline(this.timeoutMs);
    try {
      const response = await this.http.head(`${this.baseUrl}/`, {
        headers: { 'X-Correlation-Id': correlationId },
        signal: deadline.signal,
        validateStatus: () => true,
      });
      return response.status < 500 ? { up: true } : { up: false, detail: `HTTP ${response.status}` };
    } catch (error) {
      return { up: false, detail: transportErrorToDomainError(error, 'file store', deadline.timedOut).code };
    } finally {
      deadline.clear();
    }
  }

  /** By the legacy code in X-Cms-Code when the store sends one, else by the HTTP status. */
  private failure(status: number, cmsCode: unknown, retryAfter: unknown): DomainError {
    if (status !== 416 && typeof cmsCode === 'string' && /^\d{4}$/.test(cmsCode)) {
      return legacyCodeToDomainError({ code: cmsCode, retryAfterSeconds: retryAfterSeconds(retryAfter) });
    }
    switch (status) {
      case 401:
        return new LegacySessionExpiredError();
      case 403:
        return new DomainError('CASE_ACCESS_DENIED', 'file store denied access to the document');
      case 404:
        return new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'file store has no such document version');
      case 416:
        return new DomainError('RANGE_NOT_SATISFIABLE', 'the requested byte range is outside the document');
      default:
        return httpStatusToDomainError(status, 'file store', retryAfterSeconds(retryAfter));
    }
  }
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS gave an unusable file store path');
  }
}
