import type { CaseDocument, CaseNote, CaseRef, CaseSummary, Charge, Defendant, DocumentInfo, DocumentVersion, Witness } from './legacy-cms.port.js';
import {
  fromLegacyCount,
  fromLegacyDate,
  fromLegacyDateTime,
  fromLegacyFlag,
  fromLegacyId,
  fromOptionalLegacyId,
  legacyList,
  legacyOptionalText,
  legacyText,
} from './legacy.mapper.js';

/** Legacy records (node-soap objects, GraphQL JSON) → the port's types. Never leaks a legacy shape. */

type LegacyRecord = Readonly<Record<string, unknown>>;

const record = (value: unknown): LegacyRecord => (typeof value === 'object' && value !== null ? (value as LegacyRecord) : {});

export const toCaseRef = (value: unknown): CaseRef => {
  const legacy = record(value);
  return { caseId: fromLegacyId(legacy.CaseId, 'CaseId'), urn: legacyText(legacy.Urn) };
};

export const toCaseSummary = (value: unknown): CaseSummary => {
  const legacy = record(value);
  return {
    caseId: fromLegacyId(legacy.CaseId, 'CaseId'),
    urn: legacyText(legacy.Urn),
    title: legacyText(legacy.Title),
    unitId: fromLegacyId(legacy.UnitId, 'UnitId'),
    unitName: legacyText(legacy.UnitName),
    status: legacyText(legacy.Status),
    registeredDate: fromLegacyDate(legacy.RegisteredDate, 'RegisteredDate'),
    isCustody: fromLegacyFlag(legacy.CustodyFlag, 'CustodyFlag'),
    nextHearingDate: fromLegacyDate(legacy.NextHearingDate, 'NextHearingDate'),
    court: legacyOptionalText(legacy.Court),
  };
};

const toCharge = (value: unknown): Charge => {
  const legacy = record(value);
  return {
    chargeId: fromLegacyId(legacy.ChargeId, 'ChargeId'),
    code: legacyText(legacy.OffenceCode),
    description: legacyText(legacy.Description),
    offenceDate: fromLegacyDate(legacy.OffenceDate, 'OffenceDate'),
    plea: legacyOptionalText(legacy.Plea),
    status: legacyText(legacy.Status),
  };
};

export const toDefendant = (value: unknown): Defendant => {
  const legacy = record(value);
  return {
    defendantId: fromLegacyId(legacy.DefendantId, 'DefendantId'),
    firstNames: legacyText(legacy.FirstNames),
    surname: legacyText(legacy.Surname),
    dateOfBirth: fromLegacyDate(legacy.DateOfBirth, 'DateOfBirth'),
    isYouth: fromLegacyFlag(legacy.YouthFlag, 'YouthFlag'),
    charges: legacyList(record(legacy.Charges).Charge).map(toCharge),
  };
};

export const toDocumentInfo = (value: unknown): DocumentInfo & { readonly fileStorePath: string } => {
  const legacy = record(value);
  return {
    documentId: fromLegacyId(legacy.DocumentId, 'DocumentId'),
    versionId: fromLegacyId(legacy.VersionId, 'VersionId'),
    fileName: legacyText(legacy.FileName),
    mimeType: legacyText(legacy.MimeType),
    sizeBytes: fromLegacyCount(legacy.SizeBytes, 'SizeBytes'),
    isCheckedOut: fromLegacyFlag(legacy.CheckedOutFlag, 'CheckedOutFlag'),
    checkedOutBy: legacyOptionalText(legacy.CheckedOutBy),
    fileStorePath: legacyText(legacy.FileStorePath),
  };
};

const toDocumentVersion = (value: unknown): DocumentVersion => {
  const legacy = record(value);
  return {
    versionId: fromLegacyId(legacy.versionId, 'versionId'),
    createdAt: fromLegacyDateTime(legacy.createdAt, 'createdAt'),
    sizeBytes: fromLegacyCount(legacy.sizeBytes, 'sizeBytes'),
  };
};

/**
 * Oldest first with the current version last. The legacy CMS lists versions in the order they
 * were made; their createdAt stamps are not reliable enough to re-sort by, so the order is
 * kept and only the current version is moved to the end if the list disagrees.
 */
function currentLast(versions: DocumentVersion[], currentVersionId: string): DocumentVersion[] {
  const current = versions.findIndex((version) => version.versionId === currentVersionId);
  if (current === -1 || current === versions.length - 1) return versions;
  return [...versions.slice(0, current), ...versions.slice(current + 1), versions[current]];
}

export const toCaseDocument = (value: unknown): CaseDocument => {
  const legacy = record(value);
  const versionId = fromLegacyId(legacy.versionId, 'versionId');
  return {
    documentId: fromLegacyId(legacy.id, 'documentId'),
    versionId,
    title: legacyText(legacy.title),
    fileName: legacyText(legacy.fileName),
    mimeType: legacyText(legacy.mimeType),
    category: legacyText(legacy.category),
    documentDate: fromLegacyDate(legacy.documentDate, 'documentDate'),
    parentDocumentId: fromOptionalLegacyId(legacy.parentDocumentId, 'parentDocumentId'),
    isUsed: fromLegacyFlag(legacy.usedFlag, 'usedFlag'),
    isCheckedOut: fromLegacyFlag(legacy.checkedOutFlag, 'checkedOutFlag'),
    sizeBytes: fromLegacyCount(legacy.sizeBytes, 'sizeBytes'),
    versions: currentLast(legacyList(legacy.versions).map(toDocumentVersion), versionId),
  };
};

export const toWitness = (value: unknown): Witness => {
  const legacy = record(value);
  return {
    witnessId: fromLegacyId(legacy.id, 'witnessId'),
    firstNames: legacyText(legacy.firstNames),
    surname: legacyText(legacy.surname),
    dateOfBirth: fromLegacyDate(legacy.dateOfBirth, 'dateOfBirth'),
    address: legacyOptionalText(legacy.address),
    phone: legacyOptionalText(legacy.phone),
    isVulnerable: fromLegacyFlag(legacy.vulnerableFlag, 'vulnerableFlag'),
    isIntimidated: fromLegacyFlag(legacy.intimidatedFlag, 'intimidatedFlag'),
  };
};

/** Legacy Witness field → ours, for warning paths. */
const WITNESS_FIELDS: Readonly<Record<string, string>> = { id: 'witnessId', vulnerableFlag: 'isVulnerable', intimidatedFlag: 'isIntimidated' };

export const toWitnessWarning = (path: string): string => path.replace(/\.([A-Za-z]+)$/, (whole, field: string) => (WITNESS_FIELDS[field] ? `.${WITNESS_FIELDS[field]}` : whole));

export const toCaseNote = (value: unknown): CaseNote => {
  const legacy = record(value);
  return {
    noteId: fromLegacyId(legacy.id, 'noteId'),
    text: legacyText(legacy.text),
    createdBy: legacyText(legacy.createdBy),
    createdAt: fromLegacyDateTime(legacy.createdAt, 'createdAt'),
  };
};
