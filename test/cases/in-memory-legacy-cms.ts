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

/** Bytes of a small version: a repeating, position-dependent pattern, so slices are checkable. */
export const versionBytes = (versionId: string, size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + Number(versionId)) % 256));

export const HUGE_DOCUMENT = { caseId: '1', documentId: '14', versionId: '1401', sizeBytes: 64 * 1024 * 1024 } as const;

interface CaseData {
  summary: CaseSummary;
  defendants: Defendant[];
  witnesses: PartialResult<Witness[]>;
  documents: CaseDocument[];
  notes: CaseNote[];
}

const version = (versionId: string, sizeBytes: number) => ({ versionId, createdAt: '2024-03-08T09:30:00.000Z', sizeBytes });

function document(documentId: string, fields: Partial<CaseDocument> & { versions: CaseDocument['versions'] }): CaseDocument {
  const current = fields.versions.at(-1)!;
  return {
    documentId,
    versionId: current.versionId,
    title: `Document ${documentId}`,
    fileName: `document-${documentId}.pdf`,
    mimeType: 'application/pdf',
    category: 'Correspondence',
    documentDate: '2024-03-07',
    parentDocumentId: null,
    isUsed: true,
    isCheckedOut: false,
    sizeBytes: current.sizeBytes,
    ...fields,
  };
}

/**
 * A LegacyCms in memory: case 1 (URN 42AB1234524) and case 2 (URN 01XY0000001, which `restricted` may
 * not see). Records what it was asked and which content streams were destroyed.
 */
export class InMemoryLegacyCms implements LegacyCms {
  readonly calls: string[] = [];
  readonly contentRanges: (ByteRange | null)[] = [];
  hugeStream: { pushedBytes: number; destroyed: boolean } | null = null;
  private readonly cases = new Map<string, CaseData>();

  constructor() {
    this.cases.set('1', {
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
        value: [
          { witnessId: '3', firstNames: 'Sam', surname: 'Witness', dateOfBirth: null, address: null, phone: '0100', isVulnerable: true, isIntimidated: false },
        ],
        warnings: ['witnesses[0].dateOfBirth', 'witnesses[0].address'],
      },
      documents: [
        document('12', { title: 'Scan', fileName: 'Déclaration "témoin".pdf', versions: [version('1201', 700), version('1202', 1000)] }),
        document('11', { category: 'Email attachment', parentDocumentId: '10', fileName: 'photo.jpg', mimeType: 'image/jpeg', versions: [version('1101', 300)] }),
        document('10', { category: 'Correspondence', fileName: 'mail.eml', mimeType: 'message/rfc822', versions: [version('1001', 200)] }),
        document('13', { isCheckedOut: true, fileName: 'page.html', mimeType: 'text/html', versions: [version('1301', 50)] }),
        document(HUGE_DOCUMENT.documentId, { fileName: 'huge.bin', mimeType: 'application/octet-stream', versions: [version(HUGE_DOCUMENT.versionId, HUGE_DOCUMENT.sizeBytes)] }),
      ],
      notes: [{ noteId: '1', text: 'First note', createdBy: 'caseworker', createdAt: '2024-03-07T10:00:00.000Z' }],
    });
    this.cases.set('2', {
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
      defendants: [],
      witnesses: { value: [], warnings: [] },
      documents: [],
      notes: [],
    });
  }

  private case(caseId: string): CaseData {
    const found = this.cases.get(caseId);
    if (found === undefined) throw new DomainError('CASE_NOT_FOUND', 'no such case');
    return found;
  }

  private document(caseId: string, documentId: string): CaseDocument {
    const found = this.case(caseId).documents.find((d) => d.documentId === documentId);
    if (found === undefined) throw new DomainError('DOCUMENT_NOT_FOUND', 'no such document');
    return found;
  }

  private replace(caseId: string, documentId: string, change: Partial<CaseDocument>): CaseDocument {
    const current = this.document(caseId, documentId);
    if (current.isCheckedOut) throw new DomainError('DOCUMENT_CHECKED_OUT', 'checked out by someone else');
    const updated = { ...current, ...change };
    const documents = this.case(caseId).documents;
    documents[documents.indexOf(current)] = updated;
    return updated;
  }

  private record(call: string): void {
    this.calls.push(call);
  }

  findCasesByUrn(caller: LegacyCaller, urn: string): Promise<CaseRef[]> {
    this.record(`findCasesByUrn ${urn}`);
    const refs = [...this.cases.values()]
      .filter((data) => data.summary.urn === urn && (caller.username !== 'restricted' || data.summary.caseId !== '2'))
      .map((data) => ({ caseId: data.summary.caseId, urn: data.summary.urn }));
    return Promise.resolve(refs);
  }
  getCaseSummary(_caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    return Promise.resolve(this.case(caseId).summary);
  }
  checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
    this.record(`checkCaseAccess ${caseId}`);
    if (!this.cases.has(caseId)) return Promise.resolve('not-found');
    return Promise.resolve(caller.username === 'restricted' && caseId === '2' ? 'denied' : 'granted');
  }
  getDefendants(_caller: LegacyCaller, caseId: string): Promise<Defendant[]> {
    return Promise.resolve(this.case(caseId).defendants);
  }
  getWitnesses(_caller: LegacyCaller, caseId: string): Promise<PartialResult<Witness[]>> {
    return Promise.resolve(this.case(caseId).witnesses);
  }
  listDocuments(_caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    return Promise.resolve([...this.case(caseId).documents]);
  }
  getDocumentInfo(_caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<DocumentInfo> {
    const found = this.document(caseId, documentId);
    const wanted = found.versions.find((v) => v.versionId === versionId);
    if (wanted === undefined) return Promise.reject(new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'no such version'));
    return Promise.resolve({
      documentId,
      versionId,
      fileName: found.fileName,
      mimeType: found.mimeType,
      sizeBytes: wanted.sizeBytes,
      isCheckedOut: found.isCheckedOut,
      checkedOutBy: null,
    });
  }
  async openDocumentContent(caller: LegacyCaller, caseId: string, documentId: string, versionId: string, range: ByteRange | null): Promise<DocumentContent> {
    const info = await this.getDocumentInfo(caller, caseId, documentId, versionId);
    this.contentRanges.push(range);
    const stream = documentId === HUGE_DOCUMENT.documentId ? this.hugeContent(info.sizeBytes) : Readable.from([versionBytes(versionId, info.sizeBytes).subarray(range?.start ?? 0, (range?.end ?? info.sizeBytes - 1) + 1)]);
    return { stream, mimeType: info.mimeType, fileName: info.fileName, totalBytes: info.sizeBytes, range };
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
        this.push(Buffer.alloc(chunk, 0x61));
      },
      destroy(error, callback) {
        state.destroyed = true;
        callback(error);
      },
    });
  }

  renameDocument(_caller: LegacyCaller, caseId: string, documentId: string, title: string): Promise<CaseDocument> {
    this.record(`renameDocument ${documentId}`);
    return Promise.resolve().then(() => this.replace(caseId, documentId, { title }));
  }
  reclassifyDocument(_caller: LegacyCaller, caseId: string, documentId: string, category: string): Promise<CaseDocument> {
    this.record(`reclassifyDocument ${documentId}`);
    return Promise.resolve().then(() => this.replace(caseId, documentId, { category }));
  }
  setDocumentUsed(_caller: LegacyCaller, caseId: string, documentId: string, isUsed: boolean): Promise<CaseDocument> {
    this.record(`setDocumentUsed ${documentId}`);
    return Promise.resolve().then(() => this.replace(caseId, documentId, { isUsed }));
  }
  listNotes(_caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return Promise.resolve([...this.case(caseId).notes]);
  }
  addNote(caller: LegacyCaller, caseId: string, text: string): Promise<CaseNote> {
    const notes = this.case(caseId).notes;
    const note = { noteId: String(notes.length + 1), text, createdBy: caller.username, createdAt: '2024-03-09T12:00:00.000Z' };
    notes.push(note);
    return Promise.resolve(note);
  }
  checkOutDocument(): Promise<void> {
    return Promise.reject(new Error('not used by these tests'));
  }
  cancelCheckOut(): Promise<void> {
    return Promise.reject(new Error('not used by these tests'));
  }
  checkInDocument(_caller: LegacyCaller, _request: CheckInRequest): Promise<string> {
    return Promise.reject(new Error('not used by these tests'));
  }
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return Promise.resolve({ memory: { up: true } });
  }
}
