import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { graphqlRootFields, LEGACY_GRAPHQL_SCHEMA_FILE, LEGACY_OPERATIONS, LEGACY_WSDL_FILE, wsdlOperationNames } from './legacy-operations.js';
import { LEGACY_CMS_METHODS } from './legacy-cms.port.js';

const read = (file: string): string => readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), 'utf8');
const listed = (kind: 'classic-soap' | 'graphql'): string[] =>
  LEGACY_OPERATIONS.filter((operation) => operation.interface === kind)
    .map((operation) => operation.name)
    .sort();

describe('legacy operations table', () => {
  it('lists every operation of the Classic WSDL, and nothing the WSDL lacks', () => {
    const declared = wsdlOperationNames(read(LEGACY_WSDL_FILE));
    expect(declared.length).toBeGreaterThan(10);
    expect(listed('classic-soap')).toEqual(declared);
  });

  it('lists every Query and Mutation field of the GraphQL schema, and nothing the schema lacks', () => {
    const declared = graphqlRootFields(read(LEGACY_GRAPHQL_SCHEMA_FILE));
    expect(declared).toContain('Query.case');
    expect(listed('graphql')).toEqual(declared);
  });

  it('names each operation once and only port methods that exist', () => {
    const names = LEGACY_OPERATIONS.map((operation) => `${operation.interface}:${operation.name}`);
    expect(new Set(names).size).toBe(names.length);
    const methods = new Set<string>(LEGACY_CMS_METHODS);
    for (const operation of LEGACY_OPERATIONS) for (const method of operation.methods) expect(methods).toContain(method);
  });

  it('parses operations and root fields the way the contracts write them', () => {
    const wsdl = '<wsdl:portType name="P"><wsdl:operation name="B"><x/></wsdl:operation><wsdl:operation name="A"/></wsdl:portType><wsdl:binding><wsdl:operation name="Z"/></wsdl:binding>';
    expect(wsdlOperationNames(wsdl)).toEqual(['A', 'B']);
    const schema = '# type Query { ghost: Int }\ntype Query {\n  case(id: ID!,\n    x: Int): Case\n  other: [Int!]!\n}\ntype Case { id: ID! }\ntype Mutation {\n  go(a: String!): Int\n}';
    expect(graphqlRootFields(schema)).toEqual(['Mutation.go', 'Query.case', 'Query.other']);
  });
});
