import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWK, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/app-config.js';
import { DomainError, isDomainError } from '../common/domain-error.js';
import type { AuthenticatedUser } from '../common/request-context.js';
import type { DevTokenIssuer } from './dev-issuer/dev-token-issuer.service.js';
import type { SigningKeyProvider, SigningKeySet } from './signing-keys/signing-key-provider.port.js';

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const CLOCK_TOLERANCE_SECONDS = 5;
/** Verified tokens kept so a signature is checked once per token, not once per request. */
const VERIFIED_CACHE_SIZE = 10_000;

export interface TokenExpectations {
  readonly issuer: string;
  readonly audience: string;
  readonly usernameClaim: string;
}

/** Validates bearer tokens (signature, issuer, audience, expiry) and reads the user from them. */
export class AccessTokenVerifier {
  private readonly verified = new Map<string, { readonly user: AuthenticatedUser; readonly expiresAtMs: number }>();

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly expected: TokenExpectations,
    private readonly now: () => number = Date.now,
  ) {}

  /** JWKS mode verifies against the key set the provider holds (stale-if-error); dev mode trusts only the local dev issuer's key. */
  static fromConfig(auth: AuthConfig, devIssuer: DevTokenIssuer | null, signingKeys: SigningKeyProvider | null = null, now: () => number = Date.now): AccessTokenVerifier {
    switch (auth.mode) {
      case 'jwks':
        if (signingKeys === null) throw new Error('jwks auth mode needs a signing key provider');
        return new AccessTokenVerifier(keyGetterOf(signingKeys), auth, now);
      case 'dev': {
        if (devIssuer === null) throw new Error('dev auth mode needs the dev token issuer');
        const publicKey = devIssuer.publicKey;
        return new AccessTokenVerifier(() => Promise.resolve(publicKey), auth);
      }
    }
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (cached.expiresAtMs > this.now()) return cached.user;
      this.verified.delete(token);
    }
    const { user, expiresAtMs } = await this.verifySignatureAndClaims(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user, expiresAtMs });
    return user;
  }

  private async verifySignatureAndClaims(token: string): Promise<{ user: AuthenticatedUser; expiresAtMs: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.expected.issuer,
        audience: this.expected.audience,
        algorithms: ASYMMETRIC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      // IDENTITY_PROVIDER_UNAVAILABLE: the token may well be good, the keys to tell cannot be had (503, not 401).
      if (isDomainError(error)) throw error;
      throw new DomainError('UNAUTHENTICATED', reasonOf(error), {}, { cause: error });
    }
    const username = payload[this.expected.usernameClaim];
    if (typeof username !== 'string' || username.length === 0) {
      throw new DomainError('UNAUTHENTICATED', `The token carries no ${this.expected.usernameClaim} claim.`);
    }
    const subject = typeof payload['oid'] === 'string' ? payload['oid'] : payload.sub;
    if (subject === undefined) throw new DomainError('UNAUTHENTICATED', 'The token carries no subject.');
    const roles = Array.isArray(payload['roles']) ? payload['roles'].filter((role): role is string => typeof role === 'string') : [];
    return { user: { subject, username, roles }, expiresAtMs: payload.exp! * 1000 };
  }
}

/** jose's local JWKS over whichever set the provider holds for the token's kid (one local JWKS per set). */
function keyGetterOf(provider: SigningKeyProvider): JWTVerifyGetKey {
  const localSets = new WeakMap<SigningKeySet, JWTVerifyGetKey>();
  return async (header, token) => {
    const set = await provider.keySetFor(header.kid);
    let local = localSets.get(set);
    if (local === undefined) {
      local = createLocalJWKSet({ keys: set.keys as JWK[] });
      localSets.set(set, local);
    }
    return local(header, token);
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted.`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The token was not signed by a known key.';
  if (error instanceof joseErrors.JOSEError) return 'The token is not valid.';
  return 'The token could not be verified.';
}
