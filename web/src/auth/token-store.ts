/** The signed-in user's bearer token, kept for the browser tab (sessionStorage), so a reload stays signed in. */
const KEY = 'casework.session';

export interface SignedIn {
  readonly username: string;
  readonly displayName: string;
  readonly accessToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly roles: readonly string[];
}

let cached: SignedIn | null | undefined;

export function currentSession(): SignedIn | null {
  if (cached === undefined) {
    const stored = sessionStorage.getItem(KEY);
    cached = stored === null ? null : (JSON.parse(stored) as SignedIn);
    if (cached !== null && cached.expiresAt <= Date.now()) cached = null;
  }
  return cached;
}

export function currentToken(): string | null {
  return currentSession()?.accessToken ?? null;
}

export function storeSession(session: SignedIn | null): void {
  cached = session;
  if (session === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** The roles claim of a JWT, read without verifying it (the facade verifies; the app only decides what to show). */
export function rolesOf(accessToken: string): string[] {
  try {
    const payload = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { roles?: unknown };
    return Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [];
  } catch {
    return [];
  }
}
