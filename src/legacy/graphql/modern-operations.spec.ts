import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { MODERN_OPERATIONS, loadOperation } from './modern-graphql.client.js';

const schema = buildSchema(readFileSync(new URL('./modern-api.schema.graphql', import.meta.url), 'utf8'));

describe('Modern API operations', () => {
  it.each(MODERN_OPERATIONS)('%s is valid against the committed schema', (operation) => {
    const errors = validate(schema, parse(loadOperation(operation)));
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
