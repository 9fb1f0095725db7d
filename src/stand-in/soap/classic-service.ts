import { CmsFault } from '../cms-fault.js';
import { flag, legacyDate, legacyDateTime, padId } from '../legacy-format.js';
import type { StandInCms } from '../stand-in-cms.js';
import { MAX_CHUNK_BYTES } from '../stand-in-cms.js';

/** The node-soap service object for the classic API: one function per WSDL operation. */

type SoapArgs = Record<string, string | undefined>;

export interface SoapFaultObject {
  readonly Fault: {
    readonly faultcode: string;
    readonly faultstring: string;
    /** tns:CmsFault with tns:Code, tns:Message and tns:CheckedOutBy (elementFormDefault is qualified). */
    readonly detail: Record<string, Record<string, string>>;
    readonly statusCode: number;
  };
}

/** A CmsFault as the SOAP 1.1 fault node-soap serialises (soap:Fault with faultcode, faultstring, detail/CmsFault). */
export function toSoapFault(error: unknown): SoapFaultObject {
  const fault = error instanceof CmsFault ? error : new CmsFault('9999', 'Internal error');
  return {
    Fault: {
      faultcode: fault.code.startsWith('9') ? 'soap:Server' : 'soap:Client',
      faultstring: fault.message,
      detail: {
        'tns:CmsFault': { 'tns:Code': fault.code, 'tns:Message': fault.message, ...(fault.checkedOutBy !== null ? { 'tns:CheckedOutBy': fault.checkedOutBy } : {}) },
      },
      statusCode: 500,
    },
  };
}

const operation =
  (handler: (args: SoapArgs) => unknown) =>
  async (args: SoapArgs | undefined): Promise<unknown> => {
    try {
      return await handler(args ?? {});
    } catch (error) {
      // node-soap writes a thrown { Fault } as a soap:Fault.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw toSoapFault(error);
    }
  };

export function classicService(cms: StandInCms) {
  const caseFor = (args: SoapArgs) => cms.case(cms.user(args.SessionToken), args.CaseId);
  const port = {
    Authenticate: operation((args) => {
      const opened = cms.authenticate(args.Username ?? '', args.Password ?? '');
      return { SessionToken: opened.token, ExpiresAt: legacyDateTime(new Date(opened.expiresAt)) };
    }),
    AuthenticateOnBehalfOf: operation((args) => {
      const opened = cms.authenticateOnBehalfOf(args.ServiceUsername ?? '', args.ServicePassword ?? '', args.OnBehalfOfUsername ?? '');
      return { SessionToken: opened.token, ExpiresAt: legacyDateTime(new Date(opened.expiresAt)) };
    }),
    FindCasesByUrn: operation((args) => {
      const found = cms.findCasesByUrn(cms.user(args.SessionToken), args.Urn ?? '');
      return { Case: found.map((record) => ({ CaseId: padId(record.caseId), Urn: record.urn })) };
    }),
    GetCaseSummary: operation((args) => {
      const record = caseFor(args);
      return {
        CaseId: padId(record.caseId),
        Urn: record.urn,
        Title: record.title,
        UnitId: padId(record.unitId),
        UnitName: cms.unitName(record.unitId),
        Status: record.status,
        RegisteredDate: legacyDate(record.registeredDate),
        CustodyFlag: flag(record.custody),
        ...(record.nextHearingDate ? { NextHearingDate: legacyDate(record.nextHearingDate) } : {}),
        Court: record.court,
      };
    }),
    CheckCaseAccess: operation((args) => {
      const user = cms.user(args.SessionToken);
      const record = cms.caseExists(args.CaseId);
      try {
        cms.case(user, record.caseId);
        return { AccessFlag: 'Y' };
      } catch {
        return { AccessFlag: 'N' };
      }
    }),
    GetDefendantsWithCharges: operation((args) => {
      const record = caseFor(args);
      return {
        Defendant: record.defendants.map((defendant) => ({
          DefendantId: padId(defendant.defendantId),
          FirstNames: defendant.firstNames,
          Surname: defendant.surname,
          DateOfBirth: legacyDate(defendant.dateOfBirth),
          YouthFlag: flag(defendant.youth),
          Charges: {
            Charge: defendant.charges.map((charge) => ({
              ChargeId: padId(charge.chargeId),
              OffenceCode: charge.offenceCode,
              Description: charge.description,
              ...(charge.offenceDate ? { OffenceDate: legacyDate(charge.offenceDate) } : {}),
              ...(charge.plea ? { Plea: charge.plea } : {}),
              Status: charge.status,
            })),
          },
        })),
      };
    }),
    GetDocumentInfo: operation(async (args) => {
      const record = caseFor(args);
      const document = cms.document(record, args.DocumentId);
      const version = cms.version(document, args.VersionId);
      const size = await cms.store.sizeOf(record, document, version);
      return {
        DocumentId: padId(document.documentId),
        VersionId: padId(version.versionId),
        FileName: document.fileName,
        MimeType: document.mimeType,
        SizeBytes: String(size),
        FileStorePath: `/files/${padId(record.caseId)}/${padId(document.documentId)}/${padId(version.versionId)}`,
        CheckedOutFlag: flag(document.checkedOutBy !== null),
        ...(document.checkedOutBy !== null ? { CheckedOutBy: document.checkedOutBy } : {}),
      };
    }),
    CheckOutDocument: operation((args) => {
      const user = cms.user(args.SessionToken);
      const record = cms.case(user, args.CaseId);
      const document = cms.document(record, args.DocumentId);
      cms.checkOut(user, document, cms.version(document, args.VersionId));
      return { Result: 'OK' };
    }),
    CancelCheckOut: operation((args) => {
      const user = cms.user(args.SessionToken);
      const document = cms.document(cms.case(user, args.CaseId), args.DocumentId);
      cms.cancelCheckOut(user, document);
      return { Result: 'OK' };
    }),
    BeginCheckIn: operation((args) => {
      const user = cms.user(args.SessionToken);
      const record = cms.case(user, args.CaseId);
      const document = cms.document(record, args.DocumentId);
      const upload = cms.beginCheckIn(user, record, document, args.FileName ?? '', args.MimeType ?? '', args.TotalBytes ?? '');
      return { UploadId: upload.uploadId, MaxChunkBytes: String(MAX_CHUNK_BYTES) };
    }),
    UploadChunk: operation(async (args) => {
      await cms.uploadChunk(cms.user(args.SessionToken), args.UploadId ?? '', args.Sequence ?? '', args.Data ?? '');
      return { Result: 'OK' };
    }),
    CompleteCheckIn: operation(async (args) => {
      const version = await cms.completeCheckIn(cms.user(args.SessionToken), args.UploadId ?? '', args.Sha256 ?? '');
      return { VersionId: padId(version.versionId) };
    }),
    AddNote: operation((args) => {
      const user = cms.user(args.SessionToken);
      const note = cms.addNote(user, cms.case(user, args.CaseId), args.Text ?? '');
      return { NoteId: padId(note.noteId), CreatedBy: note.createdBy, CreatedAt: legacyDateTime(note.createdAt) };
    }),
    Ping: operation(() => ({ Status: 'OK' })),
  };
  return { CaseworkService: { CaseworkPort: port } };
}
