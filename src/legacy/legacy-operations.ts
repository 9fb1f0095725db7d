import { LEGACY_CMS_METHODS, type LegacyCms } from './legacy-cms.port.js';

/**
 * Every operation of the legacy CMS's two interfaces, and the LegacyCms methods that use it: what the
 * migration report's legacy-operation coverage is built from (GET /api/v1/migration/legacy-operations).
 * legacy-operations.spec.ts parses the WSDL and the GraphQL schema and fails when an operation is missing
 * here, so a new legacy operation cannot go unaccounted for.
 */

/** The interface contracts, relative to src/legacy (one place to change if the folders are renamed). */
export const LEGACY_WSDL_FILE = 'classic-soap/casework-classic.wsdl';
export const LEGACY_GRAPHQL_SCHEMA_FILE = 'graphql/casework.schema.graphql';

export type LegacyCmsMethod = keyof LegacyCms;
export type LegacyInterface = 'classic-soap' | 'graphql';

export interface LegacyOperation {
  readonly interface: LegacyInterface;
  /** The WSDL operation, or the GraphQL root field (`Query.case`, `Mutation.renameDocument`). */
  readonly name: string;
  /** Port methods that call it; empty when no port method does. */
  readonly methods: readonly LegacyCmsMethod[];
  /** Why the mapping is not obvious, when it is not. */
  readonly note?: string;
}

/** Every port method but readiness(): the ones that reach the legacy CMS for a user. */
const EVERY_USER_METHOD = LEGACY_CMS_METHODS.filter((method): method is Exclude<LegacyCmsMethod, 'readiness'> => method !== 'readiness');

export const LEGACY_OPERATIONS: readonly LegacyOperation[] = [
  // Classic (SOAP)
  { interface: 'classic-soap', name: 'Authenticate', methods: [], note: 'a user logging in with a password; the facade logs users in on their behalf instead' },
  { interface: 'classic-soap', name: 'AuthenticateOnBehalfOf', methods: EVERY_USER_METHOD, note: 'the legacy session every port method runs in (logged in when none is cached or it expired)' },
  { interface: 'classic-soap', name: 'FindCasesByUrn', methods: ['findCasesByUrn'] },
  { interface: 'classic-soap', name: 'GetCaseSummary', methods: ['getCaseSummary'] },
  { interface: 'classic-soap', name: 'CheckCaseAccess', methods: ['checkCaseAccess'] },
  { interface: 'classic-soap', name: 'GetDefendantsWithCharges', methods: ['getDefendants'] },
  { interface: 'classic-soap', name: 'GetDocumentInfo', methods: ['getDocumentInfo', 'openDocumentContent'], note: 'content first asks where the version lives in the file store' },
  { interface: 'classic-soap', name: 'CheckOutDocument', methods: ['checkOutDocument'] },
  { interface: 'classic-soap', name: 'CancelCheckOut', methods: ['cancelCheckOut'] },
  { interface: 'classic-soap', name: 'BeginCheckIn', methods: ['checkInDocument'] },
  { interface: 'classic-soap', name: 'UploadChunk', methods: ['checkInDocument'] },
  { interface: 'classic-soap', name: 'CompleteCheckIn', methods: ['checkInDocument'] },
  { interface: 'classic-soap', name: 'AddNote', methods: ['addNote'] },
  { interface: 'classic-soap', name: 'Ping', methods: ['readiness'], note: 'readiness is not a route' },
  // GraphQL
  { interface: 'graphql', name: 'Query.case', methods: ['getWitnesses', 'listDocuments', 'listNotes'], note: 'also read by the modern case summary, defendants and notes (src/modern), outside the port' },
  { interface: 'graphql', name: 'Mutation.renameDocument', methods: ['renameDocument'] },
  { interface: 'graphql', name: 'Mutation.reclassifyDocument', methods: ['reclassifyDocument'] },
  { interface: 'graphql', name: 'Mutation.markDocumentUsed', methods: ['setDocumentUsed'] },
];

/** The operation names a WSDL declares (portType operations). */
export function wsdlOperationNames(wsdl: string): string[] {
  const portTypes = [...wsdl.matchAll(/<(?:\w+:)?portType\b[\s\S]*?<\/(?:\w+:)?portType>/g)].map(([portType]) => portType).join('');
  return [...new Set([...portTypes.matchAll(/<(?:\w+:)?operation\b[^>]*\sname="([^"]+)"/g)].map(([, name]) => name))].sort();
}

/** The root fields of a GraphQL schema's Query and Mutation types, as `Query.<field>` / `Mutation.<field>`. */
export function graphqlRootFields(schema: string): string[] {
  const withoutComments = schema.replace(/#[^\n]*/g, '');
  const fields: string[] = [];
  for (const [, type, body] of withoutComments.matchAll(/\b(?:extend\s+)?type\s+(Query|Mutation)\b[^{]*\{([^}]*)\}/g)) {
    for (const [, field] of body.replace(/\([^)]*\)/g, '').matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/gm)) fields.push(`${type}.${field}`);
  }
  return [...new Set(fields)].sort();
}
