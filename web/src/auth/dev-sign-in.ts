import { rolesOf, type SignedIn } from './token-store';

/** A stand-in user, as GET /dev/users lists them (embedded mode only). */
export interface StandInUser {
  readonly username: string;
  readonly displayName: string;
  readonly access: string;
  readonly visibleUrns: readonly string[];
}

export async function standInUsers(): Promise<StandInUser[]> {
  const response = await fetch('/dev/users');
  if (!response.ok) throw new Error(`The stand-in's users could not be listed (HTTP ${response.status}).`);
  return (await response.json()) as StandInUser[];
}

/** A token from the dev issuer for a stand-in user; admin adds the Facade.Admin role (the migration dashboard). */
export async function signInAsStandInUser(user: StandInUser, admin: boolean): Promise<SignedIn> {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user.username, ...(admin ? { roles: ['Casework.User', 'Facade.Admin'] } : {}) }),
  });
  if (!response.ok) throw new Error(`Signing in as ${user.username} failed (HTTP ${response.status}).`);
  const { accessToken, expiresIn } = (await response.json()) as { accessToken: string; expiresIn: number };
  return { username: user.username, displayName: user.displayName, accessToken, expiresAt: Date.now() + expiresIn * 1000, roles: rolesOf(accessToken) };
}
