import type { ExecutionContext } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { requestContext, type RequestContext } from '../common/request-context.js';
import type { CaseAccess, LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { CaseAccessCache } from './case-access.cache.js';
import { CaseAccessGuard } from './case-access.guard.js';
import { CaseAccessService } from './case-access.service.js';

/** Only checkCaseAccess is used by the guard; it counts the questions asked. */
class CountingLegacy {
  readonly asked: { username: string; caseId: string }[] = [];
  constructor(private readonly decisions: Record<string, Record<string, CaseAccess>>) {}
  checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
    this.asked.push({ username: caller.username, caseId });
    return Promise.resolve(this.decisions[caller.username]?.[caseId] ?? 'not-found');
  }
}

function contextFor(username: string | null, params: Record<string, string>): { ctx: ExecutionContext; run: <T>(fn: () => T) => T } {
  const context: RequestContext = { correlationId: 'c-1', ...(username !== null ? { user: { subject: username, username, roles: [] } } : {}) };
  const request = { params, raw: {} };
  const ctx = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return { ctx, run: (fn) => requestContext.run(context, fn) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'none';
}

describe('CaseAccessGuard', () => {
  const decisions = { alice: { '1': 'granted', '2': 'denied' }, bob: { '1': 'denied' } } as const;

  function guardWith(ttlMs: number, now?: () => number) {
    const legacy = new CountingLegacy(decisions);
    const guard = new CaseAccessGuard(new CaseAccessService(legacy as unknown as LegacyCms, new CaseAccessCache(ttlMs, 100, now)));
    return { legacy, guard };
  }

  it('lets routes without a caseId through without asking', async () => {
    const { legacy, guard } = guardWith(30_000);
    const { ctx, run } = contextFor('alice', {});
    await expect(run(() => guard.canActivate(ctx))).resolves.toBe(true);
    expect(legacy.asked).toHaveLength(0);
  });

  it('grants, denies and reports missing cases as coded errors', async () => {
    const { guard } = guardWith(30_000);
    const granted = contextFor('alice', { caseId: '1' });
    await expect(granted.run(() => guard.canActivate(granted.ctx))).resolves.toBe(true);
    const denied = contextFor('alice', { caseId: '2' });
    expect(await codeOf(denied.run(() => guard.canActivate(denied.ctx)))).toBe('CASE_ACCESS_DENIED');
    const missing = contextFor('alice', { caseId: '3' });
    expect(await codeOf(missing.run(() => guard.canActivate(missing.ctx)))).toBe('CASE_NOT_FOUND');
  });

  it('refuses a malformed caseId before asking the legacy CMS', async () => {
    const { legacy, guard } = guardWith(30_000);
    for (const caseId of ['0', '007', 'abc', '123456789', '-1']) {
      const { ctx, run } = contextFor('alice', { caseId });
      expect(await codeOf(run(() => guard.canActivate(ctx)))).toBe('VALIDATION_FAILED');
    }
    expect(legacy.asked).toHaveLength(0);
  });

  it('needs an authenticated caller', async () => {
    const { guard } = guardWith(30_000);
    const { ctx, run } = contextFor(null, { caseId: '1' });
    expect(await codeOf(run(() => guard.canActivate(ctx)))).toBe('UNAUTHENTICATED');
  });

  it('caches granted and denied decisions per user, until they expire', async () => {
    let now = 1_000;
    const { legacy, guard } = guardWith(30_000, () => now);
    const ask = async (username: string, caseId: string) => {
      const { ctx, run } = contextFor(username, { caseId });
      return codeOf(run(() => guard.canActivate(ctx)));
    };
    expect(await ask('alice', '1')).toBe('none');
    expect(await ask('alice', '1')).toBe('none');
    expect(await ask('alice', '2')).toBe('CASE_ACCESS_DENIED');
    expect(await ask('alice', '2')).toBe('CASE_ACCESS_DENIED');
    expect(legacy.asked).toEqual([
      { username: 'alice', caseId: '1' },
      { username: 'alice', caseId: '2' },
    ]);
    expect(await ask('bob', '1')).toBe('CASE_ACCESS_DENIED');
    expect(legacy.asked).toHaveLength(3);
    now += 30_001;
    expect(await ask('alice', '1')).toBe('none');
    expect(legacy.asked).toHaveLength(4);
  });

  it('never caches not-found', async () => {
    const { legacy, guard } = guardWith(30_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { ctx, run } = contextFor('alice', { caseId: '9' });
      expect(await codeOf(run(() => guard.canActivate(ctx)))).toBe('CASE_NOT_FOUND');
    }
    expect(legacy.asked).toHaveLength(3);
  });

  it('asks every time when the cache is off', async () => {
    const { legacy, guard } = guardWith(0);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { ctx, run } = contextFor('alice', { caseId: '1' });
      await run(() => guard.canActivate(ctx));
    }
    expect(legacy.asked).toHaveLength(3);
  });

});

describe('CaseAccessCache', () => {
  it('stays within its bound, dropping the oldest entries first', async () => {
    const cache = new CaseAccessCache(60_000, 3);
    let asked = 0;
    const ask = () => {
      asked += 1;
      return Promise.resolve<CaseAccess>('granted');
    };
    for (const caseId of ['1', '2', '3', '4']) await cache.decide('alice', caseId, ask);
    expect(cache.size).toBe(3);
    await cache.decide('alice', '4', ask);
    expect(asked).toBe(4);
    await cache.decide('alice', '1', ask);
    expect(asked).toBe(5);
  });
});
