import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProcessingFailure } from '../../conversion/processing-failure.js';
import type { LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';

export interface FetchedFile {
  readonly path: string;
  readonly sizeBytes: number;
  /** What the legacy CMS says the type is (sniffing decides what it really is). */
  readonly declaredMimeType: string;
  readonly fileName: string;
}

/** Counts bytes and fails the stream with TOO_LARGE past the cap, so nothing larger ever lands on disk. */
export function sizeCap(maxBytes: number): Transform & { readonly bytes: () => number } {
  let seen = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ProcessingFailure('TOO_LARGE', `larger than the limit of ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  return Object.assign(transform, { bytes: () => seen });
}

/** Stage 3: streams one version's bytes from the legacy CMS into `targetPath`, size-capped. */
export async function fetchDocumentVersion(
  legacy: LegacyCms,
  caller: LegacyCaller,
  ref: { readonly caseId: string; readonly documentId: string; readonly versionId: string },
  targetPath: string,
  maxBytes: number,
): Promise<FetchedFile> {
  const content = await legacy.openDocumentContent(caller, ref.caseId, ref.documentId, ref.versionId, null);
  if (content.totalBytes > maxBytes) {
    content.stream.destroy();
    throw new ProcessingFailure('TOO_LARGE', `${content.totalBytes} bytes is larger than the limit of ${maxBytes} bytes`);
  }
  const cap = sizeCap(maxBytes);
  await pipeline(content.stream, cap, createWriteStream(targetPath));
  return { path: targetPath, sizeBytes: cap.bytes(), declaredMimeType: content.mimeType, fileName: content.fileName };
}
