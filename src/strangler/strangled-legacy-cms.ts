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
} from '../legacy/legacy-cms.port.js';
import type { PortAnswer, PortArgs, RoutedMethod } from './legacy-cms-routes.js';
import type { StranglerRoute } from './route-table.js';
import { stranglerContextFor } from './strangler-request.js';
import type { StranglerService } from './strangler.service.js';

export type PortRoutes = { readonly [M in RoutedMethod]: StranglerRoute<PortArgs<M>, PortAnswer<M>> };

/**
 * The LegacyCms port with the strangler in front of every method: each call is its route's call
 * (modes, shadow, canary, fallback, metrics), made as the caller (the request's user, or the user a
 * background job runs for). readiness() is not a route.
 */
export class StrangledLegacyCms implements LegacyCms {
  constructor(
    private readonly strangler: StranglerService,
    private readonly legacy: LegacyCms,
    readonly routes: PortRoutes,
  ) {}

  findCasesByUrn(caller: LegacyCaller, urn: string): Promise<CaseRef[]> {
    return this.call('findCasesByUrn', [caller, urn]);
  }

  getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    return this.call('getCaseSummary', [caller, caseId]);
  }

  checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
    return this.call('checkCaseAccess', [caller, caseId]);
  }

  getDefendants(caller: LegacyCaller, caseId: string): Promise<Defendant[]> {
    return this.call('getDefendants', [caller, caseId]);
  }

  getWitnesses(caller: LegacyCaller, caseId: string): Promise<PartialResult<Witness[]>> {
    return this.call('getWitnesses', [caller, caseId]);
  }

  listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    return this.call('listDocuments', [caller, caseId]);
  }

  getDocumentInfo(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<DocumentInfo> {
    return this.call('getDocumentInfo', [caller, caseId, documentId, versionId]);
  }

  openDocumentContent(caller: LegacyCaller, caseId: string, documentId: string, versionId: string, range: ByteRange | null): Promise<DocumentContent> {
    return this.call('openDocumentContent', [caller, caseId, documentId, versionId, range]);
  }

  renameDocument(caller: LegacyCaller, caseId: string, documentId: string, title: string): Promise<CaseDocument> {
    return this.call('renameDocument', [caller, caseId, documentId, title]);
  }

  reclassifyDocument(caller: LegacyCaller, caseId: string, documentId: string, category: string): Promise<CaseDocument> {
    return this.call('reclassifyDocument', [caller, caseId, documentId, category]);
  }

  setDocumentUsed(caller: LegacyCaller, caseId: string, documentId: string, isUsed: boolean): Promise<CaseDocument> {
    return this.call('setDocumentUsed', [caller, caseId, documentId, isUsed]);
  }

  listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return this.call('listNotes', [caller, caseId]);
  }

  addNote(caller: LegacyCaller, caseId: string, text: string): Promise<CaseNote> {
    return this.call('addNote', [caller, caseId, text]);
  }

  checkOutDocument(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<void> {
    return this.call('checkOutDocument', [caller, caseId, documentId, versionId]);
  }

  cancelCheckOut(caller: LegacyCaller, caseId: string, documentId: string): Promise<void> {
    return this.call('cancelCheckOut', [caller, caseId, documentId]);
  }

  checkInDocument(caller: LegacyCaller, request: CheckInRequest): Promise<string> {
    return this.call('checkInDocument', [caller, request]);
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return this.legacy.readiness();
  }

  private call<M extends RoutedMethod>(method: M, args: PortArgs<M>): Promise<PortAnswer<M>> {
    return this.strangler.execute(this.routes[method], args, stranglerContextFor(args[0]));
  }
}
