import { describe, expect, it } from '@jest/globals';
import type { IngestionState } from '../../ingestion/ingested-versions.port.js';
import type { CaseDocument } from '../../legacy/legacy-cms.port.js';
import { CAPABILITY_DENIAL_MESSAGES, CAPABILITY_DENIALS, capabilitiesOf, versionRedactDenial } from './document-capabilities.js';

const document = (overrides: Partial<CaseDocument> = {}): CaseDocument => ({
  documentId: '1001',
  versionId: '7002',
  title: 'MG11',
  fileName: 'mg11.pdf',
  mimeType: 'application/pdf',
  category: 'MG11 Witness statement',
  documentDate: null,
  parentDocumentId: null,
  isUsed: true,
  isCheckedOut: false,
  sizeBytes: 100,
  versions: [
    { versionId: '7001', createdAt: null, sizeBytes: 90 },
    { versionId: '7002', createdAt: null, sizeBytes: 100 },
  ],
  ...overrides,
});
const indexed: IngestionState = { versionId: '7002', status: 'indexed', reason: null };

describe('document capabilities', () => {
  it('allows everything on an ingested, checked-in document', () => {
    expect(capabilitiesOf({ document: document(), username: 'bob', checkedOutBy: null, ingestion: indexed })).toEqual({ redact: null, rename: null, reclassify: null });
  });

  it('refuses all three, naming the holder, when someone else has it checked out; not when the caller holds it', () => {
    const held = capabilitiesOf({ document: document({ isCheckedOut: true }), username: 'bob', checkedOutBy: 'dave', ingestion: indexed });
    for (const denial of [held.redact, held.rename, held.reclassify]) expect(denial).toMatchObject({ code: 'CHECKED_OUT_BY_OTHER', checkedOutBy: 'dave' });
    expect(capabilitiesOf({ document: document({ isCheckedOut: true }), username: 'dave', checkedOutBy: 'dave', ingestion: indexed }).redact).toBeNull();
    expect(capabilitiesOf({ document: document({ isCheckedOut: true }), username: 'bob', checkedOutBy: null, ingestion: indexed }).rename).toMatchObject({ code: 'CHECKED_OUT_BY_OTHER', checkedOutBy: null });
  });

  it('refuses to redact an e-mail (converted form only) but lets it be renamed', () => {
    const caps = capabilitiesOf({ document: document({ mimeType: 'message/rfc822' }), username: 'bob', checkedOutBy: null, ingestion: indexed });
    expect(caps.redact?.code).toBe('CONVERTED_FORM_ONLY');
    expect(caps.rename).toBeNull();
  });

  it('explains a failed ingestion, with UNSUPPORTED_TYPE as its own reason', () => {
    const failed = (reason: string): IngestionState => ({ versionId: '7002', status: 'failed', reason });
    expect(capabilitiesOf({ document: document(), username: 'bob', checkedOutBy: null, ingestion: failed('PASSWORD_PROTECTED') }).redact).toMatchObject({
      code: 'INGESTION_FAILED',
      ingestionFailure: { code: 'PASSWORD_PROTECTED', message: expect.stringMatching(/password/) },
    });
    expect(capabilitiesOf({ document: document(), username: 'bob', checkedOutBy: null, ingestion: failed('UNSUPPORTED_TYPE') }).redact?.code).toBe('UNSUPPORTED_TYPE');
  });

  it('says not ingested when ingestion never saw the current version or is still on it', () => {
    const facts = { document: document(), username: 'bob', checkedOutBy: null };
    expect(capabilitiesOf({ ...facts, ingestion: null }).redact?.code).toBe('NOT_INGESTED');
    expect(capabilitiesOf({ ...facts, ingestion: { ...indexed, versionId: '7001' } }).redact?.code).toBe('NOT_INGESTED');
    expect(capabilitiesOf({ ...facts, ingestion: { ...indexed, status: 'converted' } }).redact?.code).toBe('NOT_INGESTED');
    expect(capabilitiesOf({ ...facts, ingestion: { ...indexed, status: 'extracted' } }).redact).toBeNull();
  });

  it('refuses an older version with the current one named, and has a sentence for every code', () => {
    expect(versionRedactDenial(document(), '7001', null)).toMatchObject({ code: 'VERSION_NOT_CURRENT', currentVersionId: '7002' });
    expect(versionRedactDenial(document(), '7002', null)).toBeNull();
    for (const code of CAPABILITY_DENIALS) expect(CAPABILITY_DENIAL_MESSAGES[code]).toMatch(/^[A-Z].{20,}\.$/);
  });
});
