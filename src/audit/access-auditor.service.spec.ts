import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { AccessAuditor } from './access-auditor.service.js';
import type { AuditEvent, AuditRecord } from './audit-record.js';
import { QueryHasher } from './query-hasher.js';

const hasher = QueryHasher.fromKey('k'.repeat(32));
const trail = { record: (event: AuditEvent) => Promise.resolve(event as unknown as AuditRecord) };
const auditor = new AccessAuditor(trail, hasher, { failClosed: ['document.content.download'] });

function request(method: string, url: string | undefined, params: Record<string, string> = {}, query: Record<string, string> = {}, body?: unknown): FastifyRequest {
  return { method, routeOptions: { url }, params, query, body, id: 'req-1', raw: {} } as unknown as FastifyRequest;
}

describe('AccessAuditor', () => {
  it('names the action and target of a version route from the table and the route parameters', () => {
    const described = auditor.eventOf(request('GET', '/api/v1/cases/:caseId/documents/:documentId/versions/:versionId/content', { caseId: '42', documentId: '7', versionId: '3' }), 200, undefined);
    expect(described?.event).toEqual({
      action: 'document.content.download',
      actor: 'anonymous',
      target: 'case/42/document/7/version/3',
      caseId: '42',
      documentId: '7',
      versionId: '3',
      outcome: 'allowed',
      status: 200,
      correlationId: 'req-1',
    });
  });

  it('calls 401, 403 and 404 denied and any other error failed, keeping the problem code', () => {
    const outcome = (status: number) => auditor.eventOf(request('GET', '/api/v1/cases/:caseId', { caseId: '42' }), status, 'SOME_CODE')?.event;
    expect([200, 206, 304, 401, 403, 404, 400, 409, 500, 503].map((status) => outcome(status)?.outcome)).toEqual(['allowed', 'allowed', 'allowed', 'denied', 'denied', 'denied', 'failed', 'failed', 'failed', 'failed']);
    expect(outcome(403)).toMatchObject({ code: 'SOME_CODE', status: 403 });
  });

  it('keeps a search query only as its keyed hash, changed fields by name and a note by its length', () => {
    const search = auditor.eventOf(request('GET', '/api/v1/cases/:caseId/search', { caseId: '42' }, { q: 'knife' }), 200, undefined)!.event;
    expect(search.details).toEqual({ queryHash: hasher.hash('knife') });
    expect(JSON.stringify(search)).not.toContain('knife');
    const patch = auditor.eventOf(request('PATCH', '/api/v1/cases/:caseId/documents/:documentId', { caseId: '42', documentId: '7' }, {}, { title: 'Secret title', category: 'MG11' }), 200, undefined)!.event;
    expect(patch.details).toEqual({ fields: 'category,title' });
    expect(JSON.stringify(patch)).not.toContain('Secret title');
    const note = auditor.eventOf(request('POST', '/api/v1/cases/:caseId/notes', { caseId: '42' }, {}, { text: 'private words' }), 201, undefined)!.event;
    expect(note.details).toEqual({ noteLength: 13 });
  });

  it('skips exempt and unrouted requests, and still records a route missing from the table', () => {
    expect(auditor.eventOf(request('GET', '/health/live'), 200, undefined)).toBeNull();
    expect(auditor.eventOf(request('POST', '/dev/token'), 200, undefined)).toBeNull();
    expect(auditor.eventOf(request('GET', undefined), 404, 'ROUTE_NOT_FOUND')).toBeNull();
    expect(auditor.eventOf(request('DELETE', '/api/v1/admin/routes/:name', { name: 'cases.getSummary' }), 200, undefined)?.event).toMatchObject({ action: 'http.delete', target: 'route/cases.getSummary' });
  });

  it('fails closed only for the configured actions, or for all with *', () => {
    expect(auditor.isFailClosed('document.content.download')).toBe(true);
    expect(auditor.isFailClosed('case.summary.read')).toBe(false);
    expect(new AccessAuditor(trail, hasher, { failClosed: '*' }).isFailClosed('case.summary.read')).toBe(true);
  });
});
