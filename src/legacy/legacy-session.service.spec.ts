import { describe, expect, it, jest } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { LegacySessionExpiredError } from './legacy-code.mapper.js';
import { LegacySessionService, type LegacyLogin } from './legacy-session.service.js';

const alice = { username: 'alice', correlationId: 'c-1' };
const echo = (token: string): Promise<string> => Promise.resolve(token);

function loginCounting(lifetimeMs: number, now: () => number) {
  let count = 0;
  const login = jest.fn<LegacyLogin>(async (username) => {
    count += 1;
    await new Promise((resolve) => setImmediate(resolve));
    return { token: `${username}-${count}`, expiresAt: now() + lifetimeMs };
  });
  return login;
}

describe('LegacySessionService', () => {
  it('logs in once for concurrent calls of one user, separately per user', async () => {
    const login = loginCounting(60_000, Date.now);
    const sessions = new LegacySessionService(login);
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => sessions.withSession(alice, echo)));
    expect(new Set(tokens)).toEqual(new Set(['alice-1']));
    expect(await sessions.withSession({ username: 'bob', correlationId: 'c-2' }, echo)).toBe('bob-2');
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('caches until ExpiresAt minus the skew, then logs in again', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const login = loginCounting(60_000, now);
    const sessions = new LegacySessionService(login, { now, expirySkewMs: 5_000 });
    expect(await sessions.withSession(alice, echo)).toBe('alice-1');
    clock += 54_000;
    expect(await sessions.withSession(alice, echo)).toBe('alice-1');
    clock += 1_000;
    expect(await sessions.withSession(alice, echo)).toBe('alice-2');
  });

  it('re-logs in once on 1001 and retries; concurrent failures share the one re-login', async () => {
    const login = loginCounting(60_000, Date.now);
    const sessions = new LegacySessionService(login);
    await sessions.withSession(alice, echo);
    const call = (token: string): Promise<string> => (token === 'alice-1' ? Promise.reject(new LegacySessionExpiredError()) : Promise.resolve(token));
    expect(await Promise.all([sessions.withSession(alice, call), sessions.withSession(alice, call)])).toEqual(['alice-2', 'alice-2']);
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('fails with LEGACY_AUTH_FAILED on a second 1001 and passes other errors through untouched', async () => {
    const sessions = new LegacySessionService(loginCounting(60_000, Date.now));
    const always = jest.fn((_token: string): Promise<string> => Promise.reject(new LegacySessionExpiredError()));
    const error = await sessions.withSession(alice, always).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(LegacySessionExpiredError);
    expect((error as DomainError).code).toBe('LEGACY_AUTH_FAILED');
    expect(always).toHaveBeenCalledTimes(2);

    const denied = new DomainError('CASE_ACCESS_DENIED', 'no');
    await expect(sessions.withSession(alice, () => Promise.reject(denied))).rejects.toBe(denied);
  });

  it('lets the next call retry after a failed login', async () => {
    let fail = true;
    const sessions = new LegacySessionService(() =>
      fail ? Promise.reject(new DomainError('LEGACY_UNAVAILABLE', 'down')) : Promise.resolve({ token: 't', expiresAt: Date.now() + 60_000 }),
    );
    await expect(sessions.withSession(alice, echo)).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    fail = false;
    expect(await sessions.withSession(alice, echo)).toBe('t');
  });
});
