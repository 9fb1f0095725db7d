import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError, isDomainError } from '../common/domain-error.js';
import type { FileStoreClient } from './file-store/file-store.client.js';
import type { GraphqlClient, GraphqlOperation } from './graphql/graphql.client.js';
import { LegacyConnection, type LegacyConnectionConfig } from './legacy-connection.js';
import { LegacySessionExpiredError } from './legacy-code.mapper.js';
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
} from './legacy-cms.port.js';
import {
  toCaseDocument,
  toCaseNote,
  toCaseRef,
  toCaseSummary,
  toDefendant,
  toDocumentInfo,
  toWitness,
  toWitnessWarning,
} from './legacy-record.mapper.js';
import type { LegacySessionService } from './legacy-session.service.js';
import { fromLegacyCount, fromLegacyDateTime, fromLegacyId, legacyList, legacyText, toLegacyFlag, toLegacyId } from './legacy.mapper.js';
import type { CaseworkOperation, CaseworkSoapClient, SoapRecord } from './classic-soap/casework-soap.client.js';

/** UploadChunk sequence numbers start here and go up by one. */
const FIRST_CHUNK_SEQUENCE = 1;

interface CaseData<T> {
  readonly case: ({ readonly id?: unknown } & T) | null;
}

/**
 * The legacy CMS behind the port: Classic (SOAP) for cases, defendants, access, document info,
 * check-out/in and adding notes; GraphQL for document lists and edits, witnesses and
 * notes; the file store for content. Every call runs in the caller's own legacy session.
 */
export class LegacyCmsAdapter implements LegacyCms {
  constructor(
    private readonly classic: CaseworkSoapClient,
    private readonly graphql: GraphqlClient,
    private readonly fileStore: FileStoreClient,
    private readonly sessions: LegacySessionService,
  ) {}

  static fromConfig(config: LegacyConnectionConfig): LegacyCmsAdapter {
    return LegacyCmsAdapter.over(LegacyConnection.fromConfig(config));
  }

  static over(connection: LegacyConnection): LegacyCmsAdapter {
    return new LegacyCmsAdapter(connection.classic, connection.graphql, connection.fileStore, connection.sessions);
  }

  async findCasesByUrn(caller: LegacyCaller, urn: string): Promise<CaseRef[]> {
    const answer = await this.callClassic(caller, 'FindCasesByUrn', { Urn: urn });
    return legacyList(answer.Case).map(toCaseRef);
  }

  async getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    return toCaseSummary(await this.callClassic(caller, 'GetCaseSummary', { CaseId: toLegacyId(caseId, 'caseId') }));
  }

  async checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
    try {
      const answer = await this.callClassic(caller, 'CheckCaseAccess', { CaseId: toLegacyId(caseId, 'caseId') });
      const flag = legacyText(answer.AccessFlag);
      if (flag === 'Y') return 'granted';
      if (flag === 'N') return 'denied';
      throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS sent an invalid AccessFlag', { field: 'AccessFlag' });
    } catch (error) {
      if (isDomainError(error) && error.code === 'CASE_NOT_FOUND') return 'not-found';
      if (isDomainError(error) && error.code === 'CASE_ACCESS_DENIED') return 'denied';
      throw error;
    }
  }

  async getDefendants(caller: LegacyCaller, caseId: string): Promise<Defendant[]> {
    const answer = await this.callClassic(caller, 'GetDefendantsWithCharges', { CaseId: toLegacyId(caseId, 'caseId') });
    return legacyList(answer.Defendant).map(toDefendant);
  }

  async getWitnesses(caller: LegacyCaller, caseId: string): Promise<PartialResult<Witness[]>> {
    const { value, warnings } = await this.queryCase<{ witnesses?: unknown }>(caller, 'get-witnesses', caseId);
    return { value: legacyList(value.witnesses).map(toWitness), warnings: warnings.map(toWitnessWarning) };
  }

  async listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    const { value } = await this.queryCase<{ documents?: unknown }>(caller, 'list-documents', caseId);
    return legacyList(value.documents).map(toCaseDocument);
  }

  async getDocumentInfo(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<DocumentInfo> {
    const { fileStorePath: _path, ...info } = await this.documentInfo(caller, caseId, documentId, versionId);
    return info;
  }

  async openDocumentContent(caller: LegacyCaller, caseId: string, documentId: string, versionId: string, range: ByteRange | null): Promise<DocumentContent> {
    if (range && (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start)) {
      throw new DomainError('RANGE_NOT_SATISFIABLE', 'the requested byte range is not valid');
    }
    const info = await this.documentInfo(caller, caseId, documentId, versionId);
    const served = await this.sessions.withSession(caller, (token) => this.fileStore.fetch(info.fileStorePath, token, range, caller.correlationId));
    return { stream: served.stream, mimeType: info.mimeType, fileName: info.fileName, totalBytes: served.totalBytes ?? info.sizeBytes, range: served.range };
  }

  async renameDocument(caller: LegacyCaller, caseId: string, documentId: string, title: string): Promise<CaseDocument> {
    return this.mutateDocument(caller, 'rename-document', { caseId: toLegacyId(caseId, 'caseId'), documentId: toLegacyId(documentId, 'documentId'), title });
  }

  async reclassifyDocument(caller: LegacyCaller, caseId: string, documentId: string, category: string): Promise<CaseDocument> {
    return this.mutateDocument(caller, 'reclassify-document', {
      caseId: toLegacyId(caseId, 'caseId'),
      documentId: toLegacyId(documentId, 'documentId'),
      category,
    });
  }

  async setDocumentUsed(caller: LegacyCaller, caseId: string, documentId: string, isUsed: boolean): Promise<CaseDocument> {
    return this.mutateDocument(caller, 'mark-document-used', {
      caseId: toLegacyId(caseId, 'caseId'),
      documentId: toLegacyId(documentId, 'documentId'),
      used: toLegacyFlag(isUsed),
    });
  }

  async listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    const { value } = await this.queryCase<{ notes?: unknown }>(caller, 'list-notes', caseId);
    return legacyList(value.notes).map(toCaseNote);
  }

  async addNote(caller: LegacyCaller, caseId: string, text: string): Promise<CaseNote> {
    const answer = await this.callClassic(caller, 'AddNote', { CaseId: toLegacyId(caseId, 'caseId'), Text: text });
    return {
      noteId: fromLegacyId(answer.NoteId, 'NoteId'),
      text,
      createdBy: legacyText(answer.CreatedBy),
      createdAt: fromLegacyDateTime(answer.CreatedAt, 'CreatedAt'),
    };
  }

  async checkOutDocument(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<void> {
    await this.callClassic(caller, 'CheckOutDocument', {
      CaseId: toLegacyId(caseId, 'caseId'),
      DocumentId: toLegacyId(documentId, 'documentId'),
      VersionId: toLegacyId(versionId, 'versionId'),
    });
  }

  async cancelCheckOut(caller: LegacyCaller, caseId: string, documentId: string): Promise<void> {
    await this.callClassic(caller, 'CancelCheckOut', { CaseId: toLegacyId(caseId, 'caseId'), DocumentId: toLegacyId(documentId, 'documentId') });
  }

  /**
   * BeginCheckIn, then the content as base64 chunks of at most MaxChunkBytes, read from the
   * stream as it comes (never the whole file in memory), then CompleteCheckIn with the SHA-256
   * computed on the way. A session expiry before any byte is sent is retried after a re-login;
   * once the stream is being consumed it cannot be replayed, so it fails the check-in.
   */
  async checkInDocument(caller: LegacyCaller, request: CheckInRequest): Promise<string> {
    const caseId = toLegacyId(request.caseId, 'caseId');
    const documentId = toLegacyId(request.documentId, 'documentId');
    if (!Number.isSafeInteger(request.sizeBytes) || request.sizeBytes < 0) throw new DomainError('VALIDATION_FAILED', 'sizeBytes must be a non-negative integer');
    return this.sessions.withSession(caller, async (token) => {
      const begin = await this.classic.call(
        'BeginCheckIn',
        { SessionToken: token, CaseId: caseId, DocumentId: documentId, FileName: request.fileName, MimeType: request.mimeType, TotalBytes: String(request.sizeBytes) },
        caller.correlationId,
      );
      const uploadId = legacyText(begin.UploadId);
      const maxChunkBytes = fromLegacyCount(begin.MaxChunkBytes, 'MaxChunkBytes');
      if (uploadId === '' || maxChunkBytes < 1) throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered BeginCheckIn without an upload id or chunk size');
      try {
        const sha256 = await this.uploadChunks(request, token, uploadId, maxChunkBytes, caller.correlationId);
        const complete = await this.classic.call('CompleteCheckIn', { SessionToken: token, UploadId: uploadId, Sha256: sha256 }, caller.correlationId);
        return fromLegacyId(complete.VersionId, 'VersionId');
      } catch (error) {
        if (error instanceof LegacySessionExpiredError) {
          throw new DomainError('LEGACY_AUTH_FAILED', 'legacy session expired during the upload', {}, { cause: error });
        }
        throw error;
      }
    });
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    const correlationId = `readiness-${randomUUID()}`;
    const classic = this.classic.ping(correlationId).then(
      (answer) => ({ up: true, detail: legacyText(answer.Status) || undefined }),
      (error: unknown) => ({ up: false, detail: isDomainError(error) ? error.code : 'error' }),
    );
    const [legacyClassic, legacyModern, legacyFileStore] = await Promise.all([classic, this.graphql.ping(correlationId), this.fileStore.ping(correlationId)]);
    return { legacyClassic, legacyModern, legacyFileStore };
  }

  private callClassic(caller: LegacyCaller, operation: CaseworkOperation, args: Record<string, string>): Promise<SoapRecord> {
    return this.sessions.withSession(caller, (token) => this.classic.call(operation, { SessionToken: token, ...args }, caller.correlationId));
  }

  private async documentInfo(caller: LegacyCaller, caseId: string, documentId: string, versionId: string) {
    const answer = await this.callClassic(caller, 'GetDocumentInfo', {
      CaseId: toLegacyId(caseId, 'caseId'),
      DocumentId: toLegacyId(documentId, 'documentId'),
      VersionId: toLegacyId(versionId, 'versionId'),
    });
    return toDocumentInfo(answer);
  }

  /** A query rooted at `case(id)`; a missing case with no error is CASE_NOT_FOUND. */
  private async queryCase<T>(caller: LegacyCaller, operation: GraphqlOperation, caseId: string): Promise<PartialResult<T>> {
    const variables = { caseId: toLegacyId(caseId, 'caseId') };
    const { data, warnings } = await this.sessions.withSession(caller, (token) =>
      this.graphql.execute<CaseData<T>>(operation, variables, token, caller.correlationId),
    );
    if (!data?.case) {
      if (warnings.length > 0) throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS withheld the whole case');
      throw new DomainError('CASE_NOT_FOUND', 'case not found in the legacy CMS');
    }
    return { value: data.case, warnings };
  }

  private async mutateDocument(caller: LegacyCaller, operation: GraphqlOperation, variables: Record<string, string>): Promise<CaseDocument> {
    const { data } = await this.sessions.withSession(caller, (token) =>
      this.graphql.execute<{ document?: unknown }>(operation, variables, token, caller.correlationId),
    );
    if (!data?.document) throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered a document change without the document');
    return toCaseDocument(data.document);
  }

  private async uploadChunks(request: CheckInRequest, token: string, uploadId: string, maxChunkBytes: number, correlationId: string): Promise<string> {
    const hash = createHash('sha256');
    let sequence = FIRST_CHUNK_SEQUENCE;
    let sentBytes = 0;
    const send = async (chunk: Buffer): Promise<void> => {
      await this.classic.call('UploadChunk', { SessionToken: token, UploadId: uploadId, Sequence: String(sequence), Data: chunk.toString('base64') }, correlationId);
      sequence += 1;
      sentBytes += chunk.length;
    };
    for await (const chunk of chunksOf(request.content, maxChunkBytes, request.sizeBytes)) {
      hash.update(chunk);
      await send(chunk);
    }
    if (sentBytes !== request.sizeBytes) {
      throw new DomainError('VALIDATION_FAILED', 'the uploaded content is shorter than its declared size', { declaredBytes: request.sizeBytes, receivedBytes: sentBytes });
    }
    return hash.digest('hex');
  }
}

/** Re-cuts a stream into chunks of exactly `size` bytes (the last may be shorter), holding at most one chunk. */
async function* chunksOf(content: Readable, size: number, declaredBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seenBytes = 0;
  try {
    for await (const piece of content as AsyncIterable<Buffer | string>) {
      let buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
      seenBytes += buffer.length;
      if (seenBytes > declaredBytes) {
        throw new DomainError('VALIDATION_FAILED', 'the uploaded content is longer than its declared size', { declaredBytes });
      }
      while (pendingBytes + buffer.length >= size) {
        const take = size - pendingBytes;
        pending.push(buffer.subarray(0, take));
        yield Buffer.concat(pending);
        buffer = buffer.subarray(take);
        pending = [];
        pendingBytes = 0;
      }
      if (buffer.length > 0) {
        pending.push(buffer);
        pendingBytes += buffer.length;
      }
    }
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw new DomainError('VALIDATION_FAILED', 'the uploaded content could not be read', {}, { cause: error });
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
