import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from '../common/error-codes.js';
import { problemKindOf } from '../common/problem-catalog.js';
import { PROBLEM_FAMILIES, problemFamilyOf, problemSchemas } from './problem-schemas.js';

describe('problem families', () => {
  it('put every error code in exactly one family', () => {
    for (const code of ERROR_CODES) expect(PROBLEM_FAMILIES.filter((family) => family.codes.includes(code)).map((family) => family.name)).toHaveLength(1);
    expect(PROBLEM_FAMILIES.flatMap((family) => family.codes)).toHaveLength(ERROR_CODES.length);
  });

  it('give each HTTP status one family, so a response has one schema', () => {
    const familyOfStatus = new Map<number, string>();
    for (const code of ERROR_CODES) {
      const { status } = problemKindOf(code);
      const family = problemFamilyOf(code).name;
      expect(familyOfStatus.get(status) ?? family).toBe(family);
      familyOfStatus.set(status, family);
    }
  });

  it('are closed schemas whose status and code match the catalogue', () => {
    const schemas = problemSchemas() as Record<string, { additionalProperties: unknown; properties: Record<string, { const?: number; enum?: unknown[] }> }>;
    for (const family of PROBLEM_FAMILIES) {
      const schema = schemas[family.name];
      expect(schema.additionalProperties).toBe(false);
      expect(schema.properties['code'].enum).toEqual(family.codes);
      const statuses = [...new Set(family.codes.map((code) => problemKindOf(code).status))];
      expect(statuses.length === 1 ? [schema.properties['status'].const] : schema.properties['status'].enum).toEqual(statuses.sort());
    }
  });
});
