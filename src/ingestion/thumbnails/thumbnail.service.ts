import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runProgram, type SandboxLimits } from '../../conversion/sandbox/index.js';
import { DomainError } from '../../common/domain-error.js';
import { SingleFlight } from '../../common/single-flight.js';
import type { VersionRef } from '../../common/version-ref.js';
import type { BlobStore } from '../../storage/blob/blob-store.port.js';
import type { IngestedVersions } from '../ingested-versions.port.js';
import { imageSize } from './thumbnail-format.js';
import { encodeWebp } from './webp-encoder.js';
import { THUMBNAIL_CONTENT_TYPES, thumbnailEtag, thumbnailKey, type ThumbnailSpec } from './thumbnail-keys.js';

export const DEFAULT_THUMBNAIL_WIDTH = 200;
export const MIN_THUMBNAIL_WIDTH = 16;
export const MAX_THUMBNAIL_WIDTH = 1024;
/** A page rendered at the widest thumbnail is well under this; anything more is a hostile page. */
const MAX_PNG_BYTES = 32 * 1024 * 1024;
/** pdftoppm's exit status for "Wrong page range given". */
const PDFTOPPM_BAD_PAGE_RANGE = 99;

export interface Thumbnail {
  readonly stream: Readable;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly etag: string;
  /** False when it came from the blob store; true when this request (or one it joined) rendered it. */
  readonly rendered: boolean;
}

export interface ThumbnailServiceOptions {
  /** Scratch directory for the PDF copy pdftoppm reads. */
  readonly workDir: string;
  readonly limits: SandboxLimits;
}

/**
 * Page thumbnails, rendered on first request by pdftoppm (a sandboxed child: time and address-space
 * limits, no shell) from the version's stored PDF, read through the IngestedVersions port (no page count is read first:
 * pdftoppm refuses a page past the end), and kept in
 * the blob store under the version's prefix. Concurrent requests for one thumbnail in this instance
 * share one rendering; across instances two renderings may race, and the blob store's atomic put makes
 * either one the whole answer.
 */
export class ThumbnailService {
  private readonly flights = new SingleFlight<string, void>();

  constructor(
    private readonly versions: IngestedVersions,
    private readonly blobs: BlobStore,
    private readonly options: ThumbnailServiceOptions,
  ) {}

  async thumbnail(ref: VersionRef, spec: ThumbnailSpec): Promise<Thumbnail> {
    const key = thumbnailKey(ref, spec);
    const etag = thumbnailEtag(ref, spec);
    const cached = await this.blobs.get(key);
    if (cached !== null) return { stream: cached.stream, sizeBytes: cached.properties.sizeBytes, contentType: cached.properties.contentType, etag, rendered: false };
    await this.flights.run(key, () => this.render(ref, spec, key));
    const stored = await this.blobs.get(key);
    // the version was superseded between the rendering and this read: its artefacts are gone with it
    if (stored === null) throw await this.notIngested(ref);
    return { stream: stored.stream, sizeBytes: stored.properties.sizeBytes, contentType: stored.properties.contentType, etag, rendered: true };
  }

  /** How many renderings are in flight in this instance (for tests of the single flight). */
  get inFlight(): number {
    return this.flights.size;
  }

  private async render(ref: VersionRef, spec: ThumbnailSpec, key: string): Promise<void> {
    if ((await this.versions.pdfSize(ref)) === null) throw await this.notIngested(ref);
    await mkdir(this.options.workDir, { recursive: true });
    const directory = await mkdtemp(join(this.options.workDir, 'thumbnail-'));
    try {
      const pdfPath = join(directory, 'document.pdf');
      if (!(await this.versions.copyPdfToFile(ref, pdfPath))) throw await this.notIngested(ref);
      const page = String(spec.pageIndex + 1);
      const args = ['-png', '-f', page, '-l', page, '-singlefile', '-scale-to-x', String(spec.width), '-scale-to-y', '-1', pdfPath];
      const result = await runProgram('pdftoppm', args, { ...this.options.limits, maxOutputBytes: MAX_PNG_BYTES });
      // the page count is not read up front (the word model of a long document is large): pdftoppm says so
      if (result.code === PDFTOPPM_BAD_PAGE_RANGE && result.stdout.length === 0) throw await this.pageNotFound(ref);
      // pdftoppm exits 0 with a 1×1 image when it runs out of memory: the width must be the one asked for
      if (result.code !== 0 || result.timedOut || result.outputLimitExceeded || imageSize(result.stdout)?.width !== spec.width) {
        throw new Error(`pdftoppm could not render the page (${result.timedOut ? 'timed out' : (result.signal ?? `exit ${String(result.code)}`)})`);
      }
      const bytes = spec.format === 'webp' ? await encodeWebp(result.stdout) : result.stdout;
      await this.blobs.put(key, Readable.from([bytes]), { contentType: THUMBNAIL_CONTENT_TYPES[spec.format] });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    // superseded while rendering: the version's prefix was already emptied, so this thumbnail would outlive it
    if ((await this.versions.pdfSize(ref)) === null) await this.blobs.delete(key);
  }

  private async pageNotFound(ref: VersionRef): Promise<DomainError> {
    const pageCount = (await this.versions.readText(ref))?.pageCount;
    return pageCount === undefined
      ? new DomainError('PAGE_NOT_FOUND', 'The document has no such page; page indexes start at 0.')
      : new DomainError('PAGE_NOT_FOUND', `The document has ${pageCount} page(s); page indexes start at 0.`, { pageCount });
  }

  private async notIngested(ref: VersionRef): Promise<DomainError> {
    const state = await this.versions.state(ref.caseId, ref.documentId);
    if (state === null) return new DomainError('DOCUMENT_NOT_FOUND', 'No document with this id has been ingested for the case; refresh the case first.');
    if (state.versionId !== ref.versionId) {
      return new DomainError('DOCUMENT_NOT_INGESTED', 'Only the current version of a document is ingested; ask for the current version.', { currentVersionId: state.versionId });
    }
    if (state.status === 'failed') {
      return new DomainError('DOCUMENT_NOT_INGESTED', 'This version could not be ingested (see the case tracker), so it has no thumbnails.', { reason: state.reason ?? 'unknown' });
    }
    return new DomainError('DOCUMENT_NOT_INGESTED', 'This version is still being ingested; retry once the tracker shows it indexed.', { retryable: true });
  }
}
