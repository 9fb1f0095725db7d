import { Injectable, Module, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { ROLES } from '../../src/auth/roles.js';
import { RolesGuard } from '../../src/auth/roles.guard.js';
import { genCorrelationId, registerRequestContextHooks, requestContextOf } from '../../src/common/correlation-id.js';
import { ProblemDetailsFilter } from '../../src/common/problem-details.filter.js';
import { createValidationPipe } from '../../src/common/validation/validation.pipe.js';
import type { DiffSample } from '../../src/strangler/diff-sample-ring.js';
import type { MigrationReport } from '../../src/strangler/migration-report.js';
import { defineRoute } from '../../src/strangler/route-definition.js';
import type { RouteChangeRecord } from '../../src/strangler/route-state.js';
import type { StranglerRoute } from '../../src/strangler/route-table.js';
import { StranglerModule } from '../../src/strangler/strangler.module.js';
import { StranglerService } from '../../src/strangler/strangler.service.js';
import { MetricsListener } from '../../src/strangler/metrics-listener.js';

/** Stands in for bearer authentication: the user comes from test headers. */
@Injectable()
class HeaderUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const username = request.headers['x-test-user'];
    const contextOfRequest = requestContextOf(request);
    if (typeof username === 'string' && contextOfRequest !== undefined) {
      const roles = String(request.headers['x-test-roles'] ?? '').split(',').filter(Boolean);
      contextOfRequest.user = { subject: `sub-${username}`, username, roles };
    }
    return true;
  }
}

@Module({
  imports: [StranglerModule.forRoot({ routesFile: null, noiseFloorSampleRate: 0, metricsListener: { host: '127.0.0.1', port: 0 } })],
  providers: [
    { provide: APP_GUARD, useClass: HeaderUserGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
class TestAppModule {}

describe('strangler controllers over HTTP', () => {
  let app: NestFastifyApplication;
  let base: string;
  let route: StranglerRoute<string, { caseId: string; title: string }>;
  let strangler: StranglerService;
  const admin = { 'x-test-user': 'ops.admin', 'x-test-roles': ROLES.admin, 'content-type': 'application/json' };
  const caseworker = { 'x-test-user': 'case.worker', 'x-test-roles': ROLES.caseworker, 'content-type': 'application/json' };
  const migrationReader = { 'x-test-user': 'pm.reader', 'x-test-roles': `${ROLES.caseworker},${ROLES.migration}` };

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestAppModule, new FastifyAdapter({ genReqId: genCorrelationId, logger: false }), { logger: false });
    registerRequestContextHooks(app.getHttpAdapter().getInstance());
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.useGlobalPipes(createValidationPipe());
    strangler = app.get(StranglerService);
    route = strangler.register(
      defineRoute<string, { caseId: string; title: string }>({
        name: 'cases.getSummary',
        kind: 'read',
        legacy: (caseId) => Promise.resolve({ caseId, title: '<b>R v Smith</b>' }),
        modern: (caseId) => Promise.resolve({ caseId, title: 'R v Smyth' }),
      }),
    );
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets only the admin role change routes', async () => {
    const denied = await fetch(`${base}/api/v1/admin/routes`, { headers: caseworker });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    const listed = await fetch(`${base}/api/v1/admin/routes`, { headers: admin });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([expect.objectContaining({ name: 'cases.getSummary', mode: 'legacy', desired: null })]);
  });

  it('validates a change and refuses unknown routes', async () => {
    const bad = await fetch(`${base}/api/v1/admin/routes/cases.getSummary`, { method: 'PUT', headers: admin, body: JSON.stringify({ mode: 'canary', reason: 'no share given' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const noReason = await fetch(`${base}/api/v1/admin/routes/cases.getSummary`, { method: 'PUT', headers: admin, body: JSON.stringify({ mode: 'shadow' }) });
    expect(noReason.status).toBe(400);
    const unknown = await fetch(`${base}/api/v1/admin/routes/cases.nothing`, { method: 'PUT', headers: admin, body: JSON.stringify({ mode: 'legacy', reason: 'tidy up' }) });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('applies a change without restart, audits it, reports it, and kills it', async () => {
    const changed = await fetch(`${base}/api/v1/admin/routes/cases.getSummary`, { method: 'PUT', headers: admin, body: JSON.stringify({ mode: 'shadow', reason: 'compare summaries' }) });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ route: 'cases.getSummary', actor: 'ops.admin', reason: 'compare summaries', from: null, to: { mode: 'shadow' } });

    await strangler.execute(route, '42', { userId: 'u1', correlationId: 'c1' });
    await strangler.shadow.drain();

    // The report needs Facade.Migration or Facade.Admin: a plain caseworker is refused (issue 11).
    const refused = await fetch(`${base}/api/v1/migration`, { headers: caseworker });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await fetch(`${base}/api/v1/migration/page`, { headers: caseworker })).status).toBe(403);
    expect((await fetch(`${base}/api/v1/migration`, { headers: admin })).status).toBe(200);
    const report = await fetch(`${base}/api/v1/migration`, { headers: migrationReader });
    expect(report.status).toBe(200);
    const body = (await report.json()) as MigrationReport;
    expect(body.routes[0]).toMatchObject({ name: 'cases.getSummary', mode: 'shadow', calls: { total: 1, legacy: 1, modern: 0 }, shadow: { compared: 1, mismatches: 1, mismatchRate: 1 } });
    expect(body.routes[0].lastChange).toMatchObject({ by: 'ops.admin', reason: 'compare summaries' });

    const samples = (await (await fetch(`${base}/api/v1/admin/routes/cases.getSummary/diff-samples`, { headers: admin })).json()) as DiffSample[];
    expect(samples[0].differences[0]).toMatchObject({ path: '$.title', kind: 'changed' });
    expect(JSON.stringify(samples)).not.toMatch(/Smith|Smyth/);

    const page = await fetch(`${base}/api/v1/migration/page`, { headers: migrationReader });
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<code>cases.getSummary</code>');
    expect(html).toContain('compare summaries');

    const killed = await fetch(`${base}/api/v1/admin/routes/cases.getSummary/kill-switch`, { method: 'POST', headers: admin, body: JSON.stringify({ reason: 'stop comparing' }) });
    expect(killed.status).toBe(200);
    expect(route.active.mode).toBe('legacy');
    const history = (await (await fetch(`${base}/api/v1/admin/routes/cases.getSummary/history`, { headers: admin })).json()) as RouteChangeRecord[];
    expect(history.map((change) => change.reason)).toEqual(['stop comparing', 'compare summaries']);
  });

  it('serves Prometheus metrics on the API port only to an admin', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: caseworker })).status).toBe(403);
    expect((await fetch(`${base}/metrics`, { headers: migrationReader })).status).toBe(403);
    const response = await fetch(`${base}/metrics`, { headers: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('strangler_requests_total{route="cases.getSummary",mode="shadow",served_by="legacy"} 1');
  });

  it('serves the same metrics without a token on the separate metrics listener, and nothing else there', async () => {
    const port = app.get(MetricsListener).port();
    expect(port).not.toBeNull();
    expect(port).not.toBe(Number(new URL(base).port));
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('strangler_requests_total{route="cases.getSummary"');
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/migration`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
