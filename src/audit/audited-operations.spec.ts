import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { AUDITED_OPERATIONS, DOCUMENT_CONTENT_ACTIONS, EXEMPT_OPERATIONS, auditedOperationOf, isExemptRoute } from './audited-operations.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the committed contract, as `METHOD <Fastify route pattern>` → operationId. */
let parsed: Map<string, string> | undefined;
function contractOperations(): Map<string, string> {
  if (parsed !== undefined) return parsed;
  const document = parse(readFileSync(path.resolve('openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  const operations = new Map<string, string>();
  for (const [route, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation !== undefined) operations.set(`${method.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`, operation.operationId ?? '(no operationId)');
    }
  }
  parsed = operations;
  return operations;
}

describe('audited operations', () => {
  it('audits every operation of openapi.yaml, or says why it does not', () => {
    const unaccounted = [...contractOperations()].filter(([key, operationId]) => AUDITED_OPERATIONS[key]?.operationId !== operationId && !(operationId in EXEMPT_OPERATIONS));
    expect(unaccounted).toEqual([]);
  });

  it('names only operations that exist, each with its own action', () => {
    const operations = contractOperations();
    const stale = Object.entries(AUDITED_OPERATIONS).filter(([key, operation]) => operations.get(key) !== operation.operationId);
    expect(stale).toEqual([]);
    const actions = Object.values(AUDITED_OPERATIONS).map((operation) => operation.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const action of DOCUMENT_CONTENT_ACTIONS) expect(actions).toContain(action);
    for (const operationId of Object.keys(EXEMPT_OPERATIONS)) expect([...operations.values()]).toContain(operationId);
  });

  it('finds an operation by method and route pattern, HEAD as GET', () => {
    expect(auditedOperationOf('GET', '/api/v1/cases/:caseId/search')?.action).toBe('case.search');
    expect(auditedOperationOf('HEAD', '/api/v1/cases/:caseId/documents/:documentId/versions/:versionId/content')?.action).toBe('document.content.download');
    expect(auditedOperationOf('DELETE', '/api/v1/cases/:caseId')).toBeUndefined();
  });

  it('exempts health, metrics, the contract and the dev issuer, and nothing under /api/v1', () => {
    expect(['/health/live', '/health/ready', '/metrics', '/api/docs-json', '/dev/token', '/dev/users'].filter(isExemptRoute)).toHaveLength(6);
    expect(Object.keys(AUDITED_OPERATIONS).map((key) => key.split(' ')[1]).filter(isExemptRoute)).toEqual([]);
  });
});
