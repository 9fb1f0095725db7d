import { describe, expect, it } from '@jest/globals';
import { compareAnswers, compileCompareRules } from './comparator.js';
import { DiffRedactor } from './diff-redactor.js';
import { DiffSampleRing, type DiffSample } from './diff-sample-ring.js';

describe('DiffRedactor', () => {
  const legacy = { witnesses: [{ firstNames: 'Joanna', surname: 'Marchbanks', dateOfBirth: '1984-03-09', address: { line1: '12 Fennel Road' } }], byName: { 'Joanna Marchbanks': 1 } };
  const modern = { witnesses: [{ firstNames: 'Joanne', surname: 'Marchbank', dateOfBirth: '1984-09-03', address: { line1: '12 Fennel Rd' } }], byName: { 'Joanne Marchbank': 1 } };

  it('keeps no raw value, name or key of the compared answers', () => {
    const redactor = new DiffRedactor();
    const differences = compareAnswers(legacy, modern, compileCompareRules());
    expect(differences.length).toBeGreaterThanOrEqual(5);
    const text = JSON.stringify(differences.map((difference) => redactor.redact(difference)));
    for (const secret of ['Joanna', 'Joanne', 'Marchbank', '1984', 'Fennel', '12 ']) expect(text).not.toContain(secret);
    expect(text).toContain('$.witnesses[0].surname');
  });

  it('shows type and a short hash that is equal for equal values within one redactor', () => {
    const redactor = new DiffRedactor();
    const a = redactor.redactValue('Marchbanks');
    expect(a).toEqual({ type: 'string', hash: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(redactor.redactValue('Marchbanks').hash).toBe(a.hash);
    expect(redactor.redactValue('Marchbank').hash).not.toBe(a.hash);
    expect(redactor.redactValue({ b: 1, a: 2 }).hash).toBe(redactor.redactValue({ a: 2, b: 1 }).hash);
    // A different process (key) hashes differently, so hashes cannot be looked up in a dictionary made elsewhere.
    expect(new DiffRedactor().redactValue('Marchbanks').hash).not.toBe(a.hash);
  });

  it('has no value on the absent side of a missing or extra field', () => {
    const redactor = new DiffRedactor();
    const [missing] = compareAnswers({ court: 'Leeds' }, {}, compileCompareRules());
    expect(redactor.redact(missing)).toEqual({ path: '$.court', pattern: '$.court', kind: 'missing', legacy: { type: 'string', hash: expect.any(String) }, modern: null });
  });
});

describe('DiffSampleRing', () => {
  const sample = (n: number): DiffSample => ({ route: 'cases.getSummary', source: 'shadow', at: `t${n}`, correlationId: null, differences: [], truncated: false });

  it('keeps the newest samples up to its capacity, newest first', () => {
    const ring = new DiffSampleRing(3);
    for (let n = 1; n <= 5; n += 1) ring.push(sample(n));
    expect(ring.size).toBe(3);
    expect(ring.list().map((s) => s.at)).toEqual(['t5', 't4', 't3']);
  });
});
