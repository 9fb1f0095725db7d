import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../config/app-config.js';
import { ROLES } from '../roles.js';

export const DEV_TOKEN_TTL_SECONDS = 8 * 60 * 60;
const ALGORITHM = 'ES256';

export interface DevTokenRequest {
  readonly username: string;
  readonly roles?: readonly string[];
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** Local token issuer for embedded/dev runs: an ES256 key pair made at start-up, never persisted. */
export class DevTokenIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicKey: CryptoKey,
    readonly keyId: string,
    private readonly usernameClaim: string,
  ) {}

  static async create(usernameClaim = 'preferred_username'): Promise<DevTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    return new DevTokenIssuer(privateKey, publicKey, randomUUID(), usernameClaim);
  }

  async issue(request: DevTokenRequest, ttlSeconds = DEV_TOKEN_TTL_SECONDS): Promise<IssuedToken> {
    const accessToken = await new SignJWT({ [this.usernameClaim]: request.username, roles: [...(request.roles ?? [ROLES.caseworker])] })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.keyId, typ: 'JWT' })
      .setSubject(`dev:${request.username}`)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.publicKey);
    return { keys: [{ ...jwk, kid: this.keyId, alg: ALGORITHM, use: 'sig' }] };
  }
}
