import { DomainError } from '../../common/domain-error.js';
import type { EmbeddedStandIn } from '../../config/app-config.js';

/** A stand-in user, as its admin API describes it (synthetic people only). */
export interface StandInUser {
  readonly username: string;
  readonly displayName: string;
  readonly access: string;
  readonly visibleUrns: readonly string[];
  readonly hiddenUrns: readonly string[];
}

const TIMEOUT_MS = 5_000;

/** Asks the embedded stand-in's admin API who its users are. */
export async function fetchStandInUsers(standIn: Pick<EmbeddedStandIn, 'adminUrl' | 'adminKey'>): Promise<StandInUser[]> {
  let response: Response;
  try {
    response = await fetch(`${standIn.adminUrl.replace(/\/+$/, '')}/users`, {
      headers: { 'X-Admin-Key': standIn.adminKey, Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new DomainError('LEGACY_UNAVAILABLE', 'The legacy CMS stand-in did not answer.', {}, { cause: error });
  }
  if (!response.ok) throw new DomainError('LEGACY_BAD_RESPONSE', `The stand-in admin API answered ${response.status}.`);
  const body: unknown = await response.json();
  // The stand-in answers `{ users: [...] }`; a bare list is accepted too.
  const users: unknown = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { users?: unknown }).users : body;
  if (!Array.isArray(users)) throw new DomainError('LEGACY_BAD_RESPONSE', 'The stand-in admin API did not answer a list of users.');
  return users.filter(isStandInUser).map((user) => ({
    username: user.username,
    displayName: user.displayName,
    access: user.access,
    visibleUrns: user.visibleUrns,
    hiddenUrns: user.hiddenUrns,
  }));
}

function isStandInUser(value: unknown): value is StandInUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return (
    typeof user['username'] === 'string' &&
    typeof user['displayName'] === 'string' &&
    Array.isArray(user['visibleUrns']) &&
    Array.isArray(user['hiddenUrns']) &&
    (typeof user['access'] === 'string' || user['access'] === undefined)
  );
}
