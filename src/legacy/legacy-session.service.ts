import { DomainError } from '../common/domain-error.js';
import { LegacySessionExpiredError } from './legacy-code.mapper.js';
import type { LegacyCaller } from './legacy-cms.port.js';

export interface LegacySession {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** Logs a user in to the legacy CMS (AuthenticateOnBehalfOf with the service identity). */
export type LegacyLogin = (username: string, correlationId: string) => Promise<LegacySession>;

export interface LegacySessionOptions {
  /** A session is treated as expired this long before its ExpiresAt. */
  readonly expirySkewMs?: number;
  readonly now?: () => number;
  /** Cached sessions kept at most; expired ones are pruned first. */
  readonly maxSessions?: number;
  /** How a caller waits for a login another caller started (e.g. no longer than its own request's budget). */
  readonly joinLogin?: <T>(pending: Promise<T>) => Promise<T>;
}

/**
 * Legacy sessions per username: cached until shortly before ExpiresAt, one login in flight per
 * user however many calls wait for it, and on a 1001 (session expired) one re-login and one
 * retry. A second 1001 is LEGACY_AUTH_FAILED.
 */
export class LegacySessionService {
  private readonly sessions = new Map<string, LegacySession>();
  private readonly logins = new Map<string, Promise<LegacySession>>();
  private readonly skewMs: number;
  private readonly now: () => number;
  private readonly maxSessions: number;
  private readonly joinLogin: <T>(pending: Promise<T>) => Promise<T>;

  constructor(
    private readonly login: LegacyLogin,
    options: LegacySessionOptions = {},
  ) {
    this.skewMs = options.expirySkewMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.joinLogin = options.joinLogin ?? ((pending) => pending);
  }

  /** Runs `call` with the caller's session token, re-logging in once if the session has expired. */
  async withSession<T>(caller: LegacyCaller, call: (token: string) => Promise<T>): Promise<T> {
    const session = await this.sessionFor(caller);
    try {
      return await call(session.token);
    } catch (error) {
      if (!(error instanceof LegacySessionExpiredError)) throw error;
      this.forget(caller.username, session.token);
    }
    const fresh = await this.sessionFor(caller);
    try {
      return await call(fresh.token);
    } catch (error) {
      if (!(error instanceof LegacySessionExpiredError)) throw error;
      this.forget(caller.username, fresh.token);
      throw new DomainError('LEGACY_AUTH_FAILED', 'legacy session expired again right after a fresh login', {}, { cause: error });
    }
  }

  /** A valid session for the caller, from the cache or from one shared login. */
  async sessionFor(caller: LegacyCaller): Promise<LegacySession> {
    const cached = this.sessions.get(caller.username);
    if (cached && cached.expiresAt - this.skewMs > this.now()) return cached;
    const pending = this.logins.get(caller.username);
    if (pending) return this.joinLogin(pending);
    const login = this.login(caller.username, caller.correlationId)
      .then((session) => {
        this.remember(caller.username, session);
        return session;
      })
      .finally(() => this.logins.delete(caller.username));
    this.logins.set(caller.username, login);
    return login;
  }

  /** Drops a session the legacy CMS refused, unless a newer one has replaced it already. */
  forget(username: string, token: string): void {
    if (this.sessions.get(username)?.token === token) this.sessions.delete(username);
  }

  private remember(username: string, session: LegacySession): void {
    if (this.sessions.size >= this.maxSessions) {
      const now = this.now();
      for (const [name, cached] of this.sessions) if (cached.expiresAt - this.skewMs <= now) this.sessions.delete(name);
      if (this.sessions.size >= this.maxSessions) {
        const oldest = this.sessions.keys().next();
        if (!oldest.done) this.sessions.delete(oldest.value);
      }
    }
    this.sessions.set(username, session);
  }
}
