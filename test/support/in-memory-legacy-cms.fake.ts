import { Readable } from 'node:stream';
import { DomainError } from '../../src/common/domain-error.js';
import type {
  ByteRange,
  CaseAccess,
  CaseDocument,
  CaseNote,
  CaseRef,
  CaseSummary,
  CheckInRequest,
  Defendant,
  DocumentContent,
  DocumentInfo,
  LegacyCaller,
  LegacyCms,
  PartialResult,
  Witness,
} from '../../src/legacy/legacy-cms.port.js';

/** Bytes of a seeded version: a repeating, position-dependent pattern, so slices are checkable. */
export const versionBytes = (versionId: string, size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + Number(versionId)) % 256));

export const HUGE_DOCUMENT = { caseId: '1', documentId: '14', versionId: '1401', sizeBytes: 64 * 1024 * 1024 } as const;

/** The byte every position of the huge document holds. */
const HUGE_BYTE = 0x61;

/** A document as seeded: `checkedOutBy` instead of the port's isCheckedOut flag; versions oldest first. */
export interface SeededDocument extends Omit<CaseDocument, 'versionId' | 'isCheckedOut' | 'sizeBytes'> {
  readonly checkedOutBy: string | null;
}

/** A case as seeded. `deniedTo` are the usernames the legacy CMS refuses the case to; everyone else sees it. */
export interface SeededCase {
  readonly summary: CaseSummary;
  readonly deniedTo: readonly string[];
  readonly defendants: readonly Defendant[];
  readonly witnesses: PartialResult<Witness[]>;
  readonly documents: readonly SeededDocument[];
  readonly notes: readonly CaseNote[];
}

const version = (versionId: string, sizeBytes: number) => ({ versionId, createdAt: '2024-03-08T09:30:00.000Z', sizeBytes });

function seededDocument(documentId: string, fields: Partial<SeededDocument> & Pick<SeededDocument, 'versions'>): SeededDocument {
  return {
    documentId,
    title: `Document ${documentId}`,
    fileName: `document-${documentId}.pdf`,
    mimeType: 'application/pdf',
    category: 'Correspondence',
    documentDate: '2024-03-07',
    parentDocumentId: null,
    isUsed: true,
    checkedOutBy: null,
    ...fields,
  };
}

/**
 * The example cases: case 1 (URN 42AB1234524), an email (10) with an attachment (11), a document with two versions
 * (12), one checked out by someone else (13) and a 64 MiB one (14); case 2 (URN 01XY0000001), which `restricted`
 * may not see. `outsider` may see neither.
 */
export const EXAMPLE_CASES: readonly SeededCase[] = [
  {
    summary: {
      caseId: '1',
      urn: '42AB1234524',
      title: 'R v Example',
      unitId: '3',
      unitName: 'Central Casework',
      status: 'ACTIVE',
      registeredDate: '2024-03-07',
      isCustody: true,
      nextHearingDate: '2024-06-01',
      court: 'Example Crown Court',
    },
    deniedTo: ['outsider'],
    defendants: [
      {
        defendantId: '5',
        firstNames: 'Alex',
        surname: 'Example',
        dateOfBirth: '1990-01-02',
        isYouth: false,
        charges: [{ chargeId: '8', code: 'TH68001', description: 'Theft', offenceDate: '2024-01-01', plea: null, status: 'PENDING' }],
      },
    ],
    witnesses: {
      value: [{ witnessId: '3', firstNames: 'Sam', surname: 'Witness', dateOfBirth: null, address: null, phone: '0100', isVulnerable: true, isIntimidated: false }],
      warnings: ['witnesses[0].dateOfBirth', 'witnesses[0].address'],
    },
    documents: [
      seededDocument('12', { title: 'Scan', fileName: 'Déclaration "témoin".pdf', versions: [version('1201', 700), version('1202', 1000)] }),
      seededDocument('11', { category: 'Email attachment', parentDocumentId: '10', fileName: 'photo.jpg', mimeType: 'image/jpeg', versions: [version('1101', 300)] }),
      seededDocument('10', { category: 'Correspondence', fileName: 'mail.eml', mimeType: 'message/rfc822', versions: [version('1001', 200)] }),
      seededDocument('13', { checkedOutBy: 'someone.else', fileName: 'page.html', mimeType: 'text/html', versions: [version('1301', 50)] }),
      seededDocument(HUGE_DOCUMENT.documentId, {
        fileName: 'huge.bin',
        mimeType: 'application/octet-stream',
        versions: [version(HUGE_DOCUMENT.versionId, HUGE_DOCUMENT.sizeBytes)],
      }),
    ],
    notes: [{ noteId: '1', text: 'First note', createdBy: 'caseworker', createdAt: '2024-03-07T10:00:00.000Z' }],
  },
  {
    summary: {
      caseId: '2',
      urn: '01XY0000001',
      title: 'R v Other',
      unitId: '4',
      unitName: 'Complex Casework',
      status: 'ACTIVE',
      registeredDate: null,
      isCustody: false,
      nextHearingDate: null,
      court: null,
    },
    deniedTo: ['restricted', 'outsider'],
    defendants: [],
    witnesses: { value: [], warnings: [] },
    documents: [],
    notes: [],
  },
];

type StoredDocument = { -readonly [K in keyof SeededDocument]: SeededDocument[K] };

interface CaseData {
  readonly seeded: SeededCase;
  readonly documents: StoredDocument[];
  readonly notes: CaseNote[];
}

/** The legacy CMS's limits (the stand-in's), so the fake refuses what the adapter refuses. */
const MAX_TITLE = 255;
const MAX_CATEGORY = 100;
const MAX_NOTE = 4_000;
const MAX_UPLOAD_BYTES = 512 * 1_048_576;

/** Runs `work` now and answers its result, a throw becoming a rejection, as an async port method does. */
const answer = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

/** Ids handed out at run time start above every seeded one, as the legacy CMS's sequences do. */
const nextIdAfter = (ids: readonly string[]): number => Math.max(0, ...ids.map(Number)) + 1;

const toCaseDocument = ({ checkedOutBy, ...document }: SeededDocument): CaseDocument => {
  const current = document.versions.at(-1)!;
  return structuredClone({ ...document, versionId: current.versionId, isCheckedOut: checkedOutBy !== null, sizeBytes: current.sizeBytes });
};

/**
 * A LegacyCms in memory, held to the adapter by the LegacyCms contract suite (test/contract). Seeded with
 * EXAMPLE_CASES unless given others. Records what it was asked and which content streams were destroyed.
 */
export class InMemoryLegacyCms implements LegacyCms {
  readonly calls: string[] = [];
  readonly contentRanges: (ByteRange | null)[] = [];
  hugeStream: { pushedBytes: number; destroyed: boolean } | null = null;
  private readonly cases = new Map<string, CaseData>();
  /** Bytes of versions checked in at run time (seeded versions are versionBytes). */
  private readonly checkedIn = new Map<string, Buffer>();
  private nextVersionId: number;
  private nextNoteId: number;
  private readonly now: () => Date;

  constructor(seed: readonly SeededCase[] = EXAMPLE_CASES, options: { now?: () => Date } = {}) {
    for (const seeded of seed) this.cases.set(seeded.summary.caseId, { seeded, documents: structuredClone([...seeded.documents]), notes: structuredClone([...seeded.notes]) });
    this.nextVersionId = nextIdAfter(seed.flatMap((seeded) => seeded.documents.flatMap((document) => document.versions.map((v) => v.versionId))));
    this.nextNoteId = nextIdAfter(seed.flatMap((seeded) => seeded.notes.map((note) => note.noteId)));
    this.now = options.now ?? (() => new Date());
  }

  /** The cases it was seeded with. */
  seededCases(): readonly SeededCase[] {
    return [...this.cases.values()].map((data) => data.seeded);
  }

  private record(call: string): void {
    this.calls.push(call);
  }

  /** The case, if it exists (CASE_NOT_FOUND) and the caller may see it (CASE_ACCESS_DENIED). */
  private case(caller: LegacyCaller, caseId: string): CaseData {
    const found = this.cases.get(caseId);
    if (found === undefined) throw new DomainError('CASE_NOT_FOUND', 'no such case');
    if (found.seeded.deniedTo.includes(caller.username)) throw new DomainError('CASE_ACCESS_DENIED', 'the caller may not see the case');
    return found;
  }

  private document(caller: LegacyCaller, caseId: string, documentId: string): StoredDocument {
    const found = this.case(caller, caseId).documents.find((d) => d.documentId === documentId);
    if (found === undefined) throw new DomainError('DOCUMENT_NOT_FOUND', 'no such document');
    return found;
  }

  private version(document: StoredDocument, versionId: string): CaseDocument['versions'][number] {
    const found = document.versions.find((v) => v.versionId === versionId);
    if (found === undefined) throw new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'no such version');
    return found;
  }

  /** A change to a document by anyone but the holder of its check-out is refused, before the change is validated. */
  private change(caller: LegacyCaller, caseId: string, documentId: string, change: () => Partial<StoredDocument>): CaseDocument {
    const current = this.document(caller, caseId, documentId);
    refuseIfHeldByAnother(current, caller);
    Object.assign(current, change());
    return toCaseDocument(current);
  }

  findCasesByUrn(caller: LegacyCaller, urn: string): Promise<CaseRef[]> {
    return answer(() => {
      this.record(`findCasesByUrn ${urn}`);
      return [...this.cases.values()]
        .filter((data) => data.seeded.summary.urn === urn && !data.seeded.deniedTo.includes(caller.username))
        .map((data) => ({ caseId: data.seeded.summary.caseId, urn: data.seeded.summary.urn }));
    });
  }
  getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    return answer(() => structuredClone(this.case(caller, caseId).seeded.summary));
  }
  checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
    return answer(() => {
      this.record(`checkCaseAccess ${caseId}`);
      const found = this.cases.get(caseId);
      if (found === undefined) return 'not-found';
      return found.seeded.deniedTo.includes(caller.username) ? 'denied' : 'granted';
    });
  }
  getDefendants(caller: LegacyCaller, caseId: string): Promise<Defendant[]> {
    return answer(() => structuredClone([...this.case(caller, caseId).seeded.defendants]));
  }
  getWitnesses(caller: LegacyCaller, caseId: string): Promise<PartialResult<Witness[]>> {
    return answer(() => structuredClone(this.case(caller, caseId).seeded.witnesses));
  }
  listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    return answer(() => this.case(caller, caseId).documents.map(toCaseDocument));
  }
  getDocumentInfo(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<DocumentInfo> {
    return answer(() => {
      const found = this.document(caller, caseId, documentId);
      const wanted = this.version(found, versionId);
      return {
        documentId,
        versionId,
        fileName: found.fileName,
        mimeType: found.mimeType,
        sizeBytes: wanted.sizeBytes,
        isCheckedOut: found.checkedOutBy !== null,
        checkedOutBy: found.checkedOutBy,
      };
    });
  }

  /** As the legacy file store serves a single range: the end is cut to the size; a start past it is unsatisfiable. */
  async openDocumentContent(caller: LegacyCaller, caseId: string, documentId: string, versionId: string, range: ByteRange | null): Promise<DocumentContent> {
    if (range && (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start)) {
      throw new DomainError('RANGE_NOT_SATISFIABLE', 'the requested byte range is not valid');
    }
    const info = await this.getDocumentInfo(caller, caseId, documentId, versionId);
    this.contentRanges.push(range);
    const size = info.sizeBytes;
    if (range && range.start >= size) throw new DomainError('RANGE_NOT_SATISFIABLE', 'the requested byte range is outside the document');
    const served = range === null ? null : { start: range.start, end: Math.min(range.end, size - 1) };
    const [start, end] = served === null ? [0, size - 1] : [served.start, served.end];
    const stream = documentId === HUGE_DOCUMENT.documentId ? this.hugeContent(end - start + 1) : Readable.from([this.bytesOf(versionId, size).subarray(start, end + 1)]);
    return { stream, mimeType: info.mimeType, fileName: info.fileName, totalBytes: size, range: served };
  }

  private bytesOf(versionId: string, size: number): Buffer {
    return this.checkedIn.get(versionId) ?? versionBytes(versionId, size);
  }

  /** Made on demand, so only what the client pulls is ever produced. */
  private hugeContent(size: number): Readable {
    const state = { pushedBytes: 0, destroyed: false };
    this.hugeStream = state;
    return new Readable({
      read() {
        const chunk = Math.min(64 * 1024, size - state.pushedBytes);
        if (chunk <= 0) {
          this.push(null);
          return;
        }
        state.pushedBytes += chunk;
        this.push(Buffer.alloc(chunk, HUGE_BYTE));
      },
      destroy(error, callback) {
        state.destroyed = true;
        callback(error);
      },
    });
  }

  renameDocument(caller: LegacyCaller, caseId: string, documentId: string, title: string): Promise<CaseDocument> {
    return answer(() => {
      this.record(`renameDocument ${documentId}`);
      return this.change(caller, caseId, documentId, () => ({ title: bounded(title, MAX_TITLE, 'title') }));
    });
  }
  reclassifyDocument(caller: LegacyCaller, caseId: string, documentId: string, category: string): Promise<CaseDocument> {
    return answer(() => {
      this.record(`reclassifyDocument ${documentId}`);
      return this.change(caller, caseId, documentId, () => ({ category: bounded(category, MAX_CATEGORY, 'category') }));
    });
  }
  setDocumentUsed(caller: LegacyCaller, caseId: string, documentId: string, isUsed: boolean): Promise<CaseDocument> {
    return answer(() => {
      this.record(`setDocumentUsed ${documentId}`);
      return this.change(caller, caseId, documentId, () => ({ isUsed }));
    });
  }
  listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return answer(() => structuredClone(this.case(caller, caseId).notes));
  }
  addNote(caller: LegacyCaller, caseId: string, text: string): Promise<CaseNote> {
    return answer(() => {
      const notes = this.case(caller, caseId).notes;
      if (text.trim().length === 0 || text.length > MAX_NOTE) throw new DomainError('VALIDATION_FAILED', `a note is 1-${MAX_NOTE} characters`);
      const note = { noteId: String(this.nextNoteId++), text, createdBy: caller.username, createdAt: this.now().toISOString() };
      notes.push(note);
      return structuredClone(note);
    });
  }
  checkOutDocument(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<void> {
    return answer(() => {
      const document = this.document(caller, caseId, documentId);
      const wanted = this.version(document, versionId);
      refuseIfHeldByAnother(document, caller);
      if (wanted !== document.versions.at(-1)) throw new DomainError('VALIDATION_FAILED', 'only the current version can be checked out');
      document.checkedOutBy = caller.username;
    });
  }
  cancelCheckOut(caller: LegacyCaller, caseId: string, documentId: string): Promise<void> {
    return answer(() => {
      const document = this.document(caller, caseId, documentId);
      if (document.checkedOutBy !== caller.username) throw notHeldByCaller();
      document.checkedOutBy = null;
    });
  }
  async checkInDocument(caller: LegacyCaller, request: CheckInRequest): Promise<string> {
    if (!Number.isSafeInteger(request.sizeBytes) || request.sizeBytes < 0) throw new DomainError('VALIDATION_FAILED', 'sizeBytes must be a non-negative integer');
    const document = this.document(caller, request.caseId, request.documentId);
    refuseIfHeldByAnother(document, caller);
    if (document.checkedOutBy !== caller.username) throw notHeldByCaller();
    if (request.sizeBytes === 0 || request.sizeBytes > MAX_UPLOAD_BYTES) throw new DomainError('LEGACY_BAD_RESPONSE', 'the legacy CMS refuses an upload of that size');
    if (!request.fileName || !request.mimeType) throw new DomainError('VALIDATION_FAILED', 'fileName and mimeType are required');
    const content = await readUpTo(request.content, request.sizeBytes);
    if (content.length !== request.sizeBytes) {
      throw new DomainError('VALIDATION_FAILED', 'the uploaded content is shorter than its declared size', { declaredBytes: request.sizeBytes, receivedBytes: content.length });
    }
    const versionId = String(this.nextVersionId++);
    this.checkedIn.set(versionId, content);
    document.versions = [...document.versions, { versionId, createdAt: this.now().toISOString(), sizeBytes: content.length }];
    document.fileName = request.fileName;
    document.mimeType = request.mimeType;
    document.checkedOutBy = null;
    return versionId;
  }
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return Promise.resolve({ memory: { up: true } });
  }
}

function refuseIfHeldByAnother(document: SeededDocument, caller: LegacyCaller): void {
  if (document.checkedOutBy !== null && document.checkedOutBy !== caller.username) {
    throw new DomainError('DOCUMENT_CHECKED_OUT', 'document is checked out by another user', { checkedOutBy: document.checkedOutBy });
  }
}

const notHeldByCaller = (): DomainError => new DomainError('DOCUMENT_CHECKED_OUT', 'document is not checked out by this user', { notCheckedOutByCaller: true });

/** Trimmed, as the legacy CMS stores it; VALIDATION_FAILED when empty or too long. */
function bounded(value: string, max: number, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) throw new DomainError('VALIDATION_FAILED', `${field} must be 1-${max} characters`);
  return trimmed;
}

async function readUpTo(content: Readable, declaredBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let seen = 0;
  for await (const piece of content as AsyncIterable<Buffer | string>) {
    const buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
    seen += buffer.length;
    if (seen > declaredBytes) throw new DomainError('VALIDATION_FAILED', 'the uploaded content is longer than its declared size', { declaredBytes });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
