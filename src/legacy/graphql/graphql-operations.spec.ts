import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Kind, buildSchema, isNullableType, isObjectType, parse, validate } from 'graphql';
import { GRAPHQL_OPERATIONS, loadOperation } from './graphql.client.js';

const schema = buildSchema(readFileSync(new URL('./casework.schema.graphql', import.meta.url), 'utf8'));

describe('GraphQL API operations', () => {
  it.each(GRAPHQL_OPERATIONS)('%s is valid against the committed schema', (operation) => {
    const errors = validate(schema, parse(loadOperation(operation)));
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('get-case-summary selects every field Classic GetCaseSummary answers', () => {
    const operation = parse(loadOperation('get-case-summary'));
    const definition = operation.definitions[0];
    if (definition.kind !== Kind.OPERATION_DEFINITION) throw new Error('expected an operation');
    const caseField = definition.selectionSet.selections[0];
    if (caseField.kind !== Kind.FIELD || !caseField.selectionSet) throw new Error('expected case { ... }');
    const selected = caseField.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : ''));
    expect(selected.sort()).toEqual(['court', 'custodyFlag', 'id', 'nextHearingDate', 'registeredDate', 'status', 'title', 'unitId', 'unitName', 'urn']);
    const caseType = schema.getType('Case');
    if (!isObjectType(caseType)) throw new Error('Case is not an object type');
    // Optional in Classic (NextHearingDate) or possibly empty: nullable, so a missing value is null, never an error.
    for (const field of ['registeredDate', 'nextHearingDate', 'court']) expect(isNullableType(caseType.getFields()[field].type)).toBe(true);
  });
});
