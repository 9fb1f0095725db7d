import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DomainError } from '../../common/domain-error.js';
import { requestContext } from '../../common/request-context.js';
import { LegacySessionService, type LegacySession } from '../legacy-session.service.js';
import { legacyDeadlineAt, runWithLegacyBudget, withinLegacyDeadline } from './legacy-deadline.js';

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z') });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('legacy deadline', () => {
  it('is set once per request, by its first legacy call', () => {
    requestContext.run({ correlationId: 'r1' }, () => {
      const first = legacyDeadlineAt(1_000, 60_000, Date.now());
      jest.advanceTimersByTime(400);
      expect(legacyDeadlineAt(1_000, 60_000, Date.now())).toBe(first);
    });
  });

  it('gives background work its own budget, detached from an expired request deadline', async () => {
    await requestContext.run({ correlationId: 'r1', legacyDeadlineAt: Date.now() - 1 }, () =>
      runWithLegacyBudget(5_000, () => Promise.resolve(expect(legacyDeadlineAt(1_000, 60_000, Date.now())).toBe(Date.now() + 5_000))),
    );
  });

  it('bounds a caller joining a login another caller started by its own budget', async () => {
    let logins = 0;
    const sessions = new LegacySessionService(
      () => {
        logins += 1;
        return new Promise<LegacySession>(() => undefined);
      },
      { joinLogin: (pending) => withinLegacyDeadline(pending, 1_000, 60_000) },
    );
    const caller = { username: 'alice.admin', correlationId: 'c' };
    void requestContext.run({ correlationId: 'background', legacyDeadlineAt: Date.now() + 60_000 }, () => sessions.sessionFor(caller).catch(() => undefined));
    const joined = requestContext.run({ correlationId: 'request' }, () => sessions.sessionFor(caller)).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(1_000);
    const failure = await joined;
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).details).toMatchObject({ reason: 'deadline-exceeded' });
    expect(logins).toBe(1);
  });
});
