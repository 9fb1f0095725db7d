import { createHash, randomBytes, timingSafeEqual, type Hash } from 'node:crypto';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import { CmsFault } from './cms-fault.js';
import { DocumentStore } from './documents/document-store.js';
import { parseId } from './legacy-format.js';
import { canSeeCase, type CaseRecord, type DocumentRecord, type NoteRecord, type SeedModel, type SeedUser, type VersionRecord } from './seed/seed-model.js';
import { SessionRegistry, type CmsSession } from './session-registry.js';

export const MAX_CHUNK_BYTES = 1_048_576;
export const MAX_UPLOAD_BYTES = 512 * 1_048_576;
const URN_PATTERN = /^\d{2}[A-Z]{2}\d{7}$/;

interface Upload {
  readonly uploadId: string;
  readonly username: string;
  readonly caseId: number;
  readonly documentId: number;
  readonly fileName: string;
  readonly mimeType: string;
  readonly totalBytes: number;
  readonly tempPath: string;
  readonly hash: Hash;
  received: number;
  nextSequence: number;
  /** Chunk writes are chained so they land in sequence order. */
  writing: Promise<void>;
}

const constantTimeEquals = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The legacy CMS's behaviour, shared by the SOAP, GraphQL and file-store endpoints. */
export class StandInCms {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    readonly model: SeedModel,
    readonly sessions: SessionRegistry,
    readonly store: DocumentStore,
    private readonly passwords: ReadonlyMap<string, string>,
    readonly serviceUsername: string,
    private readonly servicePassword: string,
  ) {}

  // ---------- sessions

  authenticate(username: string, password: string): CmsSession {
    const user = this.model.users.find((candidate) => candidate.username === username);
    const expected = this.passwords.get(username);
    if (!user || expected === undefined || !constantTimeEquals(expected, password ?? '')) {
      throw new CmsFault('1002', 'Authentication failed');
    }
    return this.sessions.open(user);
  }

  authenticateOnBehalfOf(serviceUsername: string, servicePassword: string, onBehalfOf: string): CmsSession {
    if (serviceUsername !== this.serviceUsername || !constantTimeEquals(this.servicePassword, servicePassword ?? '')) {
      throw new CmsFault('1002', 'Service authentication failed');
    }
    const user = this.model.users.find((candidate) => candidate.username === onBehalfOf);
    if (!user) throw new CmsFault('1002', 'Unknown user');
    return this.sessions.open(user);
  }

  /** The user behind a session token, after the rate limit. */
  user(token: string | undefined | null): SeedUser {
    return this.sessions.use(token).user;
  }

  // ---------- cases

  findCasesByUrn(user: SeedUser, urn: string): CaseRecord[] {
    const normalised = (urn ?? '').trim().toUpperCase();
    if (!URN_PATTERN.test(normalised)) throw new CmsFault('4001', 'URN is not in the expected format');
    return this.model.cases.filter((record) => record.urn === normalised && canSeeCase(user, record));
  }

  /** The case, if it exists (2001) and the user may see it (2002). */
  case(user: SeedUser, rawCaseId: unknown): CaseRecord {
    const record = this.caseExists(rawCaseId);
    if (!canSeeCase(user, record)) throw new CmsFault('2002', 'Access to case denied');
    return record;
  }

  caseExists(rawCaseId: unknown): CaseRecord {
    const caseId = parseId(rawCaseId);
    const record = caseId === null ? undefined : this.model.cases.find((candidate) => candidate.caseId === caseId);
    if (!record) throw new CmsFault('2001', 'Case not found');
    return record;
  }

  unitName(unitId: number): string {
    return this.model.units.find((unit) => unit.unitId === unitId)?.name ?? 'Unknown unit';
  }

  document(record: CaseRecord, rawDocumentId: unknown): DocumentRecord {
    const documentId = parseId(rawDocumentId);
    const document = documentId === null ? undefined : record.documents.find((candidate) => candidate.documentId === documentId);
    if (!document) throw new CmsFault('2003', 'Document not found');
    return document;
  }

  version(document: DocumentRecord, rawVersionId: unknown): VersionRecord {
    const versionId = parseId(rawVersionId);
    const version = versionId === null ? undefined : document.versions.find((candidate) => candidate.versionId === versionId);
    if (!version) throw new CmsFault('2004', 'Document version not found');
    return version;
  }

  addNote(user: SeedUser, record: CaseRecord, text: string): NoteRecord {
    if (!text || text.trim().length === 0 || text.length > 4000) throw new CmsFault('4001', 'Note text must be 1-4000 characters');
    const note: NoteRecord = { noteId: this.model.nextIds.noteId++, text, createdBy: user.username, createdAt: new Date() };
    record.notes.push(note);
    return note;
  }

  // ---------- check-out and chunked check-in

  checkOut(user: SeedUser, document: DocumentRecord, version: VersionRecord): void {
    if (document.checkedOutBy !== null && document.checkedOutBy !== user.username) {
      throw new CmsFault('3001', 'Document is checked out by another user', document.checkedOutBy);
    }
    if (version !== document.versions.at(-1)) throw new CmsFault('4001', 'Only the current version can be checked out');
    document.checkedOutBy = user.username;
  }

  cancelCheckOut(user: SeedUser, document: DocumentRecord): void {
    if (document.checkedOutBy !== user.username) throw new CmsFault('3002', 'Document is not checked out by this user');
    document.checkedOutBy = null;
  }

  beginCheckIn(user: SeedUser, record: CaseRecord, document: DocumentRecord, fileName: string, mimeType: string, rawTotal: string): Upload {
    if (document.checkedOutBy !== user.username) {
      if (document.checkedOutBy !== null) throw new CmsFault('3001', 'Document is checked out by another user', document.checkedOutBy);
      throw new CmsFault('3002', 'Document is not checked out by this user');
    }
    const totalBytes = /^\d{1,12}$/.test(rawTotal ?? '') ? Number(rawTotal) : NaN;
    if (!Number.isSafeInteger(totalBytes) || totalBytes <= 0 || totalBytes > MAX_UPLOAD_BYTES) throw new CmsFault('3003', 'TotalBytes out of range');
    if (!fileName || !mimeType) throw new CmsFault('4001', 'FileName and MimeType are required');
    const upload: Upload = {
      uploadId: randomBytes(12).toString('hex'),
      username: user.username,
      caseId: record.caseId,
      documentId: document.documentId,
      fileName,
      mimeType,
      totalBytes,
      tempPath: this.store.tempPath(),
      hash: createHash('sha256'),
      received: 0,
      nextSequence: 1,
      writing: Promise.resolve(),
    };
    this.uploads.set(upload.uploadId, upload);
    upload.writing = writeFile(upload.tempPath, Buffer.alloc(0));
    return upload;
  }

  async uploadChunk(user: SeedUser, uploadId: string, rawSequence: string, base64: string): Promise<void> {
    const upload = this.ownUpload(user, uploadId);
    const sequence = /^\d{1,9}$/.test(rawSequence ?? '') ? Number(rawSequence) : NaN;
    if (sequence !== upload.nextSequence) throw new CmsFault('3003', `Chunk out of sequence: expected ${upload.nextSequence}`);
    const bytes = Buffer.from(base64 ?? '', 'base64');
    if (bytes.length === 0 || bytes.length > MAX_CHUNK_BYTES) throw new CmsFault('3003', `Chunk must be 1-${MAX_CHUNK_BYTES} bytes`);
    if (upload.received + bytes.length > upload.totalBytes) throw new CmsFault('3003', 'More bytes than TotalBytes');
    upload.nextSequence += 1;
    upload.received += bytes.length;
    upload.hash.update(bytes);
    upload.writing = upload.writing.then(() => appendFile(upload.tempPath, bytes));
    await upload.writing;
  }

  async completeCheckIn(user: SeedUser, uploadId: string, sha256: string): Promise<VersionRecord> {
    const upload = this.ownUpload(user, uploadId);
    this.uploads.delete(uploadId);
    try {
      await upload.writing;
      if (upload.received !== upload.totalBytes) throw new CmsFault('3003', `Received ${upload.received} of ${upload.totalBytes} bytes`);
      if (upload.hash.digest('hex') !== (sha256 ?? '').toLowerCase()) throw new CmsFault('3003', 'SHA-256 mismatch');
      const record = this.caseExists(upload.caseId);
      const document = this.document(record, upload.documentId);
      if (document.checkedOutBy !== user.username) throw new CmsFault('3002', 'Document is not checked out by this user');
      const version: VersionRecord = { versionId: this.model.nextIds.versionId++, createdAt: new Date(), origin: 'uploaded' };
      await this.store.commitUpload(upload.tempPath, version.versionId, upload.totalBytes);
      document.versions.push(version);
      document.fileName = upload.fileName;
      document.mimeType = upload.mimeType;
      document.checkedOutBy = null;
      return version;
    } catch (error) {
      await rm(upload.tempPath, { force: true });
      throw error;
    }
  }

  private ownUpload(user: SeedUser, uploadId: string): Upload {
    const upload = this.uploads.get(uploadId ?? '');
    if (!upload || upload.username !== user.username) throw new CmsFault('3003', 'Unknown upload');
    return upload;
  }

  // ---------- admin

  /** Removes a document from its case, as the legacy CMS does when a document is deleted (admin API). */
  removeDocument(record: CaseRecord, document: DocumentRecord): void {
    record.documents = record.documents.filter((candidate) => candidate !== document);
  }

  /** Adds a document with one uploaded version (admin API). */
  async addDocument(
    record: CaseRecord,
    bytes: Buffer,
    meta: { fileName: string; mimeType: string; title: string; category: string; parentDocumentId: number | null },
  ): Promise<{ document: DocumentRecord; version: VersionRecord }> {
    const version: VersionRecord = { versionId: this.model.nextIds.versionId++, createdAt: new Date(), origin: 'uploaded' };
    const temp = this.store.tempPath();
    await writeFile(temp, bytes);
    await this.store.commitUpload(temp, version.versionId, bytes.length);
    const document: DocumentRecord = {
      documentId: this.model.nextIds.documentId++,
      caseId: record.caseId,
      kind: 'uploaded',
      title: meta.title,
      fileName: meta.fileName,
      mimeType: meta.mimeType,
      category: meta.category,
      documentDate: null,
      parentDocumentId: meta.parentDocumentId,
      used: false,
      checkedOutBy: null,
      subject: { role: 'witness', index: 0 },
      versions: [version],
    };
    record.documents.push(document);
    return { document, version };
  }
}
