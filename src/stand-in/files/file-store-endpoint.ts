import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { CmsFault, type CmsCode } from '../cms-fault.js';
import type { FaultInjector } from '../fault-injection.js';
import type { StandInCms } from '../stand-in-cms.js';

export const FILES_PATH = '/files';
export const SESSION_COOKIE = 'CMSSESSION';

const STATUS_FOR: Partial<Record<CmsCode, number>> = {
  '1001': 401,
  '2001': 404,
  '2002': 403,
  '2003': 404,
  '2004': 404,
  '4001': 400,
  '9001': 429,
};

export function sessionFromCookie(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return null;
}

/** Parses a single `bytes=` range against a size. null: serve the whole body; 'unsatisfiable': 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // multiple or malformed ranges: ignore Range, as RFC 9110 allows
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** The legacy file store: GET /files/{caseId}/{documentId}/{versionId}, cookie session, single Range. */
export function createFileStoreEndpoint(cms: StandInCms, faults: FaultInjector) {
  const fail = (res: ServerResponse, fault: CmsFault) => {
    res.writeHead(STATUS_FOR[fault.code] ?? 500, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Cms-Code': fault.code,
      ...(fault.retryAfterSeconds !== null ? { 'Retry-After': String(fault.retryAfterSeconds) } : {}),
    });
    res.end(`${fault.code} ${fault.message}\n`);
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
      const action = await faults.before('files');
      if (action === 'hang') return;
      if (action === 'outage') {
        res.writeHead(503, { 'Retry-After': '5', 'Content-Type': 'text/plain' }).end('service unavailable\n');
        return;
      }
      if (action === 'error') return fail(res, new CmsFault('9999', 'Internal error (injected)'));
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      try {
        const parts = pathname.slice(FILES_PATH.length + 1).split('/');
        if (parts.length !== 3) throw new CmsFault('4001', 'Expected /files/{caseId}/{documentId}/{versionId}');
        const user = cms.user(sessionFromCookie(req.headers.cookie));
        const record = cms.case(user, parts[0]);
        const document = cms.document(record, parts[1]);
        const version = cms.version(document, parts[2]);
        const path = await cms.store.pathOf(record, document, version);
        const size = await cms.store.sizeOf(record, document, version);
        const range = parseRange(req.headers.range, size);
        const headers = {
          'Content-Type': document.mimeType,
          'Accept-Ranges': 'bytes',
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
          'Last-Modified': version.createdAt.toUTCString(),
        };
        if (range === 'unsatisfiable') {
          res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain' }).end('range not satisfiable\n');
          return;
        }
        if (range === null) {
          res.writeHead(200, { ...headers, 'Content-Length': size });
        } else {
          res.writeHead(206, { ...headers, 'Content-Length': range.end - range.start + 1, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` });
        }
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        await pipeline(createReadStream(path, range === null ? {} : { start: range.start, end: range.end }), res).catch(() => res.destroy());
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        fail(res, error instanceof CmsFault ? error : new CmsFault('9999', 'Internal error'));
      }
    },
  };
}
