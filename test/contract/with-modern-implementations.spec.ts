import { describe, expect, it } from '@jest/globals';
import type { CaseSummary, LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { InMemoryLegacyCms } from '../support/in-memory-legacy-cms.fake.js';
import { withModernImplementations } from './with-modern-implementations.js';

const caller: LegacyCaller = { username: 'caseworker', correlationId: 'modern-overrides' };

describe('withModernImplementations', () => {
  it('answers from an override where one is given and from the base, bound to it, elsewhere', async () => {
    const base = new InMemoryLegacyCms();
    const legacySummary = await base.getCaseSummary(caller, '1');
    const modernSummary: CaseSummary = { ...legacySummary, title: 'From the modern side' };
    const asked: string[] = [];
    const cms = withModernImplementations(base, {
      getCaseSummary: (who, caseId) => {
        asked.push(`${who.username} ${caseId}`);
        return Promise.resolve(modernSummary);
      },
    });
    expect(await cms.getCaseSummary(caller, '1')).toEqual(modernSummary);
    expect(asked).toEqual(['caseworker 1']);
    // The base's own methods run with the base as `this` (the fake records the call).
    expect(await cms.checkCaseAccess(caller, '1')).toBe('granted');
    expect(base.calls).toEqual(['checkCaseAccess 1']);
    expect((await cms.listDocuments(caller, '1')).map((document) => document.documentId)).toEqual((await base.listDocuments(caller, '1')).map((document) => document.documentId));
  });

  it('refuses an override that is not a port method', () => {
    expect(() => withModernImplementations(new InMemoryLegacyCms(), { getEverything: () => Promise.resolve([]) } as never)).toThrow('getEverything is not a LegacyCms method');
  });
});
