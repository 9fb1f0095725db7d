import { randomBytes } from 'node:crypto';
import { CmsFault } from './cms-fault.js';
import type { SeedUser } from './seed/seed-model.js';

export interface CmsSession {
  readonly token: string;
  readonly user: SeedUser;
  expiresAt: number;
  /** Token bucket for the per-session rate limit. */
  tokens: number;
  refilledAt: number;
}

export interface SessionSettings {
  sessionTtlMs: number;
  /** Requests per second per session; the bucket holds twice this. 0 switches the limit off. */
  rateLimitPerSecond: number;
}

/** Legacy sessions: opaque tokens that expire, each with its own request-rate budget. */
export class SessionRegistry {
  private readonly sessions = new Map<string, CmsSession>();

  constructor(
    readonly settings: SessionSettings,
    /** Epoch ms, for session expiry and the rate limit's refill (tests steer it instead of sleeping). */
    private readonly now: () => number = Date.now,
  ) {}

  open(user: SeedUser): CmsSession {
    const now = this.now();
    this.prune(now);
    const session: CmsSession = {
      token: randomBytes(24).toString('hex'),
      user,
      expiresAt: now + this.settings.sessionTtlMs,
      tokens: this.settings.rateLimitPerSecond * 2,
      refilledAt: now,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for a token, after charging one request to it. Throws 1001 or 9001. */
  use(token: string | undefined | null): CmsSession {
    const session = token ? this.sessions.get(token) : undefined;
    const now = this.now();
    if (!session || session.expiresAt <= now) {
      if (session) this.sessions.delete(session.token);
      throw new CmsFault('1001', 'Session invalid or expired');
    }
    const rate = this.settings.rateLimitPerSecond;
    if (rate > 0) {
      session.tokens = Math.min(rate * 2, session.tokens + ((now - session.refilledAt) / 1000) * rate);
      session.refilledAt = now;
      if (session.tokens < 1) {
        throw new CmsFault('9001', 'Rate limit exceeded', null, Math.max(1, Math.ceil((1 - session.tokens) / rate)));
      }
      session.tokens -= 1;
    }
    return session;
  }

  expireAll(): number {
    const count = this.sessions.size;
    this.sessions.clear();
    return count;
  }

  private prune(now: number): void {
    for (const [token, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(token);
  }
}
