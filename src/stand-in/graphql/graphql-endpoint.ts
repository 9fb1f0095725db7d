import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, buildSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { CmsFault } from '../cms-fault.js';
import type { FaultInjector } from '../fault-injection.js';
import { flag, legacyDate, legacyDateTime, padId } from '../legacy-format.js';
import { fullAddress } from '../seed/fictional-people.js';
import type { CaseRecord, DocumentRecord, SeedUser, WitnessRecord } from '../seed/seed-model.js';
import type { StandInCms } from '../stand-in-cms.js';

export const GRAPHQL_PATH = '/cms/graphql';
export const SESSION_HEADER = 'x-cms-session';
const MAX_BODY_BYTES = 1_048_576;

type ModernContext = {
  readonly user: SeedUser;
  readonly partialErrors: boolean;
};

const gqlError = (error: unknown): GraphQLError => {
  const fault = error instanceof CmsFault ? error : new CmsFault('9999', 'Internal error');
  return new GraphQLError(fault.message, { extensions: { code: fault.code, ...(fault.checkedOutBy ? { checkedOutBy: fault.checkedOutBy } : {}) } });
};

const guarded =
  <T>(work: () => T | Promise<T>) =>
  async (): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw gqlError(error);
    }
  };

/** The legacy CMS's GraphQL API: the committed SDL, resolved over the stand-in's model. */
export function createGraphqlEndpoint(cms: StandInCms, sdl: string, faults: FaultInjector) {
  const schema = buildSchema(sdl);

  const documentView = (record: CaseRecord, document: DocumentRecord, context: ModernContext) => ({
    id: padId(document.documentId),
    versionId: padId(document.versions.at(-1)!.versionId),
    title: document.title,
    fileName: document.fileName,
    mimeType: document.mimeType,
    category: document.category,
    documentDate: () => {
      if (context.partialErrors) throw new GraphQLError('Document date service unavailable', { extensions: { code: '9999' } });
      return document.documentDate ? legacyDate(document.documentDate) : null;
    },
    parentDocumentId: document.parentDocumentId === null ? null : padId(document.parentDocumentId),
    usedFlag: flag(document.used),
    checkedOutFlag: flag(document.checkedOutBy !== null),
    sizeBytes: guarded(() => cms.store.sizeOf(record, document, document.versions.at(-1)!)),
    versions: document.versions.map((version) => ({
      versionId: padId(version.versionId),
      createdAt: legacyDateTime(version.createdAt),
      sizeBytes: guarded(() => cms.store.sizeOf(record, document, version)),
    })),
  });

  const witnessView = (witness: WitnessRecord, user: SeedUser) => {
    const isProtected = witness.vulnerable || witness.intimidated;
    const withheld = <T>(value: T) => () => {
      if (isProtected && !user.witnessClearance) {
        throw new GraphQLError('Withheld: protected witness', { extensions: { code: '2005' } });
      }
      return value;
    };
    return {
      id: padId(witness.witnessId),
      firstNames: witness.firstNames,
      surname: witness.surname,
      dateOfBirth: withheld(legacyDate(witness.dateOfBirth)),
      address: withheld(fullAddress(witness)),
      phone: withheld(witness.phone),
      vulnerableFlag: flag(witness.vulnerable),
      intimidatedFlag: flag(witness.intimidated),
    };
  };

  const caseView = (record: CaseRecord, context: ModernContext) => ({
    id: padId(record.caseId),
    urn: record.urn,
    // The same values Classic GetCaseSummary answers, in the same legacy formats.
    title: record.title,
    unitId: padId(record.unitId),
    unitName: cms.unitName(record.unitId),
    status: record.status,
    registeredDate: legacyDate(record.registeredDate),
    custodyFlag: flag(record.custody),
    nextHearingDate: record.nextHearingDate ? legacyDate(record.nextHearingDate) : null,
    court: record.court === '' ? null : record.court,
    documents: () => record.documents.map((document) => documentView(record, document, context)),
    witnesses: () => record.witnesses.map((witness) => witnessView(witness, context.user)),
    notes: () =>
      record.notes.map((note) => ({ id: padId(note.noteId), text: note.text, createdBy: note.createdBy, createdAt: legacyDateTime(note.createdAt) })),
    // The same values Classic GetDefendantsWithCharges answers, in the same legacy formats.
    defendants: () =>
      record.defendants.map((defendant) => ({
        id: padId(defendant.defendantId),
        firstNames: defendant.firstNames,
        surname: defendant.surname,
        dateOfBirth: legacyDate(defendant.dateOfBirth),
        youthFlag: flag(defendant.youth),
        charges: defendant.charges.map((charge) => ({
          id: padId(charge.chargeId),
          offenceCode: charge.offenceCode,
          description: charge.description,
          offenceDate: charge.offenceDate ? legacyDate(charge.offenceDate) : null,
          plea: charge.plea ? charge.plea : null,
          status: charge.status,
        })),
      })),
  });

  type Args = Record<string, string>;
  const mutateDocument = (change: (document: DocumentRecord, args: Args) => void) => (args: Args, context: ModernContext) => {
    try {
      const record = cms.case(context.user, args.caseId);
      const document = cms.document(record, args.documentId);
      if (document.checkedOutBy !== null && document.checkedOutBy !== context.user.username) {
        throw new CmsFault('3001', 'Document is checked out by another user', document.checkedOutBy);
      }
      change(document, args);
      return documentView(record, document, context);
    } catch (error) {
      throw gqlError(error);
    }
  };

  const rootValue = {
    case: (args: Args, context: ModernContext) => {
      try {
        return caseView(cms.case(context.user, args.id), context);
      } catch (error) {
        throw gqlError(error);
      }
    },
    renameDocument: mutateDocument((document, args) => {
      const title = (args.title ?? '').trim();
      if (title.length === 0 || title.length > 255) throw new CmsFault('4001', 'Title must be 1-255 characters');
      document.title = title;
    }),
    reclassifyDocument: mutateDocument((document, args) => {
      const category = (args.category ?? '').trim();
      if (category.length === 0 || category.length > 100) throw new CmsFault('4001', 'Category must be 1-100 characters');
      document.category = category;
    }),
    markDocumentUsed: mutateDocument((document, args) => {
      if (args.used !== 'Y' && args.used !== 'N') throw new CmsFault('4001', 'used must be Y or N');
      document.used = args.used === 'Y';
    }),
  };

  const users = new WeakMap<IncomingMessage, SeedUser>();
  const handler = createHandler<ModernContext>({
    schema,
    rootValue,
    context: (req) => ({ user: users.get(req.raw)!, partialErrors: faults.for('graphql').partialGraphqlErrors === true }),
  });

  const sendErrors = (res: ServerResponse, status: number, fault: CmsFault) => {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      ...(fault.retryAfterSeconds !== null ? { 'Retry-After': String(fault.retryAfterSeconds) } : {}),
    });
    res.end(JSON.stringify({ errors: [{ message: fault.message, extensions: { code: fault.code } }] }));
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const action = await faults.before('graphql');
      if (action === 'hang') return;
      if (action === 'outage') return sendErrors(res, 503, new CmsFault('9999', 'Service unavailable (injected outage)'));
      if (action === 'error') return sendErrors(res, 500, new CmsFault('9999', 'Internal error (injected)'));
      if (req.method === 'POST') {
        const length = Number(req.headers['content-length'] ?? NaN);
        if (!Number.isFinite(length)) return sendErrors(res, 411, new CmsFault('4001', 'Content-Length required'));
        if (length > MAX_BODY_BYTES) return sendErrors(res, 413, new CmsFault('4001', 'Request body too large'));
      }
      const header = req.headers[SESSION_HEADER];
      try {
        users.set(req, cms.user(Array.isArray(header) ? header[0] : header));
      } catch (error) {
        const fault = error instanceof CmsFault ? error : new CmsFault('9999', 'Internal error');
        return sendErrors(res, fault.code === '9001' ? 429 : 401, fault);
      }
      await handler(req, res);
    },
  };
}
