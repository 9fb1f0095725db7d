import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { planDocumentContent } from '../seed/document-content.js';
import type { CaseRecord, DocumentRecord, SeedModel, VersionRecord } from '../seed/seed-model.js';
import { predictableSize, renderDocument } from './document-renderer.js';

/** Bump when rendering changes, so stale cached bytes from an older stand-in are not reused. */
const RENDERER_VERSION = 2;

/**
 * Document bytes on disk under dataDir. Generated versions are rendered on first need and
 * cached (written to a temporary name, then renamed); uploaded versions are stored as given.
 */
export class DocumentStore {
  private readonly sizes = new Map<number, number>();
  private readonly inFlight = new Map<number, Promise<string>>();
  private readonly uploadDir: string;

  constructor(
    private readonly model: SeedModel,
    private readonly dataDir: string,
  ) {
    // Uploads are per run: the metadata that names them lives only in this process.
    this.uploadDir = join(dataDir, 'uploads', `${Date.now()}-${randomBytes(4).toString('hex')}`);
  }

  async init(): Promise<void> {
    await mkdir(this.uploadDir, { recursive: true });
  }

  private generatedPath(document: DocumentRecord, versionId: number): string {
    const documentDir = document.pageCount === undefined ? String(document.documentId) : `${document.documentId}-p${document.pageCount}`;
    return join(this.dataDir, 'generated', `r${RENDERER_VERSION}-seed-${this.model.seed}`, String(document.caseId), documentDir, String(versionId));
  }

  uploadedPath(versionId: number): string {
    return join(this.uploadDir, String(versionId));
  }

  /** A fresh temporary file name inside dataDir (same file system, so a rename commits it). */
  tempPath(): string {
    return join(this.uploadDir, `.tmp-${randomBytes(8).toString('hex')}`);
  }

  /** Path of the version's bytes, rendering them first if needed. */
  async pathOf(record: CaseRecord, document: DocumentRecord, version: VersionRecord): Promise<string> {
    if (version.origin === 'uploaded') return this.uploadedPath(version.versionId);
    const target = this.generatedPath(document, version.versionId);
    const pending = this.inFlight.get(version.versionId);
    if (pending) return pending;
    const work = (async () => {
      try {
        await stat(target);
        return target;
      } catch {
        await this.render(record, document, version, target);
        return target;
      }
    })();
    this.inFlight.set(version.versionId, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(version.versionId);
    }
  }

  async sizeOf(record: CaseRecord, document: DocumentRecord, version: VersionRecord): Promise<number> {
    const known = this.sizes.get(version.versionId);
    if (known !== undefined) return known;
    if (version.origin === 'generated') {
      const predicted = predictableSize(document, planDocumentContent(this.model, record, document, version.versionId));
      if (predicted !== null) {
        this.sizes.set(version.versionId, predicted);
        return predicted;
      }
    }
    const size = (await stat(await this.pathOf(record, document, version))).size;
    this.sizes.set(version.versionId, size);
    return size;
  }

  async readAll(record: CaseRecord, document: DocumentRecord, version: VersionRecord): Promise<Buffer> {
    return readFile(await this.pathOf(record, document, version));
  }

  /** Commits a finished temporary file as an uploaded version. */
  async commitUpload(tempFile: string, versionId: number, size: number): Promise<void> {
    await rename(tempFile, this.uploadedPath(versionId));
    this.sizes.set(versionId, size);
  }

  private async render(record: CaseRecord, document: DocumentRecord, version: VersionRecord, target: string): Promise<void> {
    const plan = planDocumentContent(this.model, record, document, version.versionId);
    const attachments = [];
    if (document.kind === 'eml') {
      for (const child of record.documents.filter((candidate) => candidate.parentDocumentId === document.documentId)) {
        const first = child.versions[0];
        attachments.push({ fileName: child.fileName, mimeType: child.mimeType, bytes: await this.readAll(record, child, first) });
      }
    }
    const rendered = await renderDocument({ seed: this.model.seed, document, versionId: version.versionId, createdAt: version.createdAt, plan, attachments });
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      if (rendered.kind === 'bytes') {
        await writeFile(temp, rendered.bytes);
      } else {
        const out = createWriteStream(temp);
        const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
        failed.catch(() => undefined);
        await Promise.race([
          rendered.write(async (chunk) => {
            if (!out.write(chunk)) await once(out, 'drain');
          }),
          failed,
        ]);
        out.end();
        await Promise.race([once(out, 'finish'), failed]);
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
