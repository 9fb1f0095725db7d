import { describe, expect, it } from '@jest/globals';
import { compileCompareRules } from '../comparator.js';
import { CALLER_MARK, HASH_TOKEN, isIdKey, isRecordable, RecordingSanitiser } from './recording-sanitiser.js';

const sanitiser = new RecordingSanitiser(Buffer.alloc(32, 1));
const summary = {
  caseId: '42',
  urn: '01AB2345678',
  title: 'R v Smith',
  unitId: '7',
  isCustody: true,
  nextHearingDate: null,
  defendants: [{ defendantId: '9', firstNames: 'Jane', surname: 'Smith', charges: [] }],
  fetchedAt: '2026-12-05T00:00:00Z',
};

describe('RecordingSanitiser', () => {
  it('keeps ids, keys, lengths, booleans and null, and hashes every other value', () => {
    const clean = sanitiser.answer(summary, compileCompareRules()) as Record<string, unknown>;
    expect(Object.keys(clean)).toEqual(Object.keys(summary));
    expect(clean).toMatchObject({ caseId: '42', urn: '01AB2345678', unitId: '7', isCustody: true, nextHearingDate: null });
    expect(clean.title).toMatch(HASH_TOKEN);
    const [defendant] = clean.defendants as Record<string, unknown>[];
    expect(defendant.defendantId).toBe('9');
    expect(defendant.charges).toEqual([]);
    const text = JSON.stringify(clean);
    for (const personal of ['Smith', 'Jane', '2026-12-05']) expect(text).not.toContain(personal);
  });

  it('hashes alike with one key and apart with another, and keeps a hash token as it is', () => {
    const other = new RecordingSanitiser(Buffer.alloc(32, 2));
    expect(sanitiser.hash('Jane')).toBe(sanitiser.hash('Jane'));
    expect(sanitiser.hash('Jane')).not.toBe(other.hash('Jane'));
    expect(sanitiser.hash(1)).not.toBe(sanitiser.hash('1'));
    expect(sanitiser.hash(sanitiser.hash('Jane'))).toBe(sanitiser.hash('Jane'));
  });

  it('drops the paths the route ignores (null in arrays, so lengths hold) and normalises before hashing', () => {
    const rules = compileCompareRules({
      ignore: ['$.fetchedAt', '$.defendants[*].firstNames'],
      normalisers: [{ path: '$.title', normalise: (value) => (typeof value === 'string' ? value.toUpperCase() : value) }],
    });
    const clean = sanitiser.answer(summary, rules) as Record<string, unknown>;
    expect(clean).not.toHaveProperty('fetchedAt');
    expect((clean.defendants as Record<string, unknown>[])[0]).not.toHaveProperty('firstNames');
    expect(clean.title).toBe(sanitiser.hash('R V SMITH'));
    const list = sanitiser.answer(['a', 'b'], compileCompareRules({ ignore: ['$[1]'] }));
    expect(list).toEqual([sanitiser.hash('a'), null]);
  });

  it('replaces the caller by a hash of the username and drops the correlation id and subject, positional or named', () => {
    const caller = { username: 'jsmith', correlationId: 'corr-123' };
    const positional = sanitiser.args('documents.rename', [caller, '42', '7', 'Statement of Jane Smith']) as unknown[];
    expect(positional[0]).toEqual({ [CALLER_MARK]: sanitiser.hash('jsmith') });
    expect(positional.slice(1, 3)).toEqual(['42', '7']);
    expect(positional[3]).toMatch(HASH_TOKEN);
    const named = sanitiser.args('cases.getSummary', { caller, caseId: '42' });
    expect(named).toEqual({ caller: { [CALLER_MARK]: sanitiser.hash('jsmith') }, caseId: '42' });
    expect(JSON.stringify([positional, named])).not.toMatch(/jsmith|corr-123|Jane/);
    const withSubject = sanitiser.args('cases.getSummary', [{ ...caller, subject: 'dev:cw001' }, '42']) as unknown[];
    expect(withSubject[0]).toEqual({ [CALLER_MARK]: sanitiser.hash('jsmith') });
    expect(JSON.stringify(withSubject)).not.toMatch(/cw001/);
  });

  it('names id keys and refuses values that are not plain data', () => {
    expect(['id', 'caseId', 'versionId', 'parentDocumentId', 'urn'].every(isIdKey)).toBe(true);
    expect(['title', 'Id', 'identity', 'surname'].some(isIdKey)).toBe(false);
    expect(isRecordable({ a: [1, 'x', null, true, new Date(0)] })).toBe(true);
    expect(isRecordable({ stream: new (class Stream {})() })).toBe(false);
    expect(isRecordable(Buffer.from('x'))).toBe(false);
  });
});
