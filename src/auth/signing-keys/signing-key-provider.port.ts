/**
 * The identity provider's signing keys as the facade holds them: a JSON Web Key Set with the time it was
 * fetched. Our own types: the verifier turns a set into keys with jose, nothing else needs to know jose.
 */
export interface SigningJwk {
  readonly kty: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly [member: string]: unknown;
}

export interface SigningKeySet {
  readonly keys: readonly SigningJwk[];
  /** Epoch ms of the fetch that answered this set (kept across restarts). */
  readonly fetchedAt: number;
}

/** fresh: younger than the stale age; stale: older but still used (the IdP failed to answer); none: nothing usable. */
export type SigningKeySource = 'fresh' | 'stale' | 'none';

export interface SigningKeyStatus {
  readonly source: SigningKeySource;
  /** Age of the held key set in ms (null when none is held). */
  readonly ageMs: number | null;
  readonly keyCount: number;
  /** Whether the most recent fetch from the identity provider failed, and why (no personal data). */
  readonly lastFetchFailure: string | null;
}

/** Fetches the identity provider's current key set; rejects when it cannot be had. */
export type SigningKeyFetcher = () => Promise<readonly SigningJwk[]>;

export interface SigningKeyProvider {
  /**
   * A key set to verify a token signed with `kid` (undefined: any key of the set may match). Refetches when
   * the kid is unknown (at most once per interval). Rejects with IDENTITY_PROVIDER_UNAVAILABLE when no usable
   * set can be had, or the kid is unknown and the identity provider cannot be asked.
   */
  keySetFor(kid: string | undefined): Promise<SigningKeySet>;
  status(): SigningKeyStatus;
}
