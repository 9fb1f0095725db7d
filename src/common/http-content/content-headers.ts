import type { DocumentContent } from '../../legacy/legacy-cms.port.js';
import { contentDisposition, type DispositionType } from './content-disposition.js';
import { contentRange } from './range-header.js';

export interface ContentResponse {
  readonly status: 200 | 206;
  readonly headers: Readonly<Record<string, string>>;
}

/** Types a browser would run as script if shown inline; these are always downloaded. */
const ACTIVE_CONTENT = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)\b/i;

/** Status and headers for sending a document version's bytes. */
export function contentResponse(content: Omit<DocumentContent, 'stream'>, documentId: string, versionId: string, disposition: DispositionType): ContentResponse {
  const mimeType = content.mimeType.trim() === '' ? 'application/octet-stream' : content.mimeType;
  const safeDisposition = ACTIVE_CONTENT.test(mimeType) ? 'attachment' : disposition;
  const range = content.range;
  const length = range === null ? content.totalBytes : range.end - range.start + 1;
  return {
    status: range === null ? 200 : 206,
    headers: {
      'content-type': mimeType,
      'content-length': String(length),
      'content-disposition': contentDisposition(safeDisposition, content.fileName),
      'accept-ranges': 'bytes',
      // A version's bytes never change, so the ids make a strong validator.
      etag: `"${documentId}-${versionId}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      ...(range === null ? {} : { 'content-range': contentRange(range, content.totalBytes) }),
    },
  };
}
