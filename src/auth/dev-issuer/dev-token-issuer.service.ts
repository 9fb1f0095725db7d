import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../config/app-config.js';
import { ROLES } from '../roles.js';

export const DEV_TOKEN_TTL_SECONDS = 8 * 60 * 60;
const ALGORITHM = 'ES256';
const KEY_FILE_MODE = 0o600;

export interface DevTokenRequest {
  readonly username: string;
  readonly roles?: readonly string[];
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** The key file: the private key as a JWK (ES256, P-256) with its key id. */
interface StoredKey {
  readonly kid: string;
  readonly privateJwk: JWK;
}

interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly keyId: string;
}

const logger = new Logger('DevTokenIssuer');

/**
 * Local token issuer for embedded/dev runs: an ES256 key pair. `fromKeyFile` keeps it in a file
 * (under DATA_DIR) so tokens survive a restart; `create` makes a key that lives as long as the process.
 */
export class DevTokenIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicKey: CryptoKey,
    readonly keyId: string,
    private readonly usernameClaim: string,
  ) {}

  /** A key made now and never written anywhere (tests, tools). */
  static async create(usernameClaim = 'preferred_username'): Promise<DevTokenIssuer> {
    const { privateKey, publicKey, keyId } = await generateKeys();
    return new DevTokenIssuer(privateKey, publicKey, keyId, usernameClaim);
  }

  /**
   * The key kept in `keyFile`: read when it is there, else made and written (mode 0600, a
   * temporary file then a link, so a reader never sees half a key and two starting processes
   * agree on one key). A file that is not a usable key is moved aside to `<keyFile>.corrupt` and
   * replaced, with a warning: a dev key holds nothing worth stopping for, and tokens it signed
   * could not be verified anyway. A file that cannot be read at all (permissions) stops the start.
   */
  static async fromKeyFile(keyFile: string, usernameClaim = 'preferred_username'): Promise<DevTokenIssuer> {
    const { privateKey, publicKey, keyId } = await loadOrCreateKeys(keyFile);
    return new DevTokenIssuer(privateKey, publicKey, keyId, usernameClaim);
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

async function generateKeys(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  return { privateKey, publicKey, keyId: randomUUID() };
}

async function loadOrCreateKeys(keyFile: string): Promise<KeyPair> {
  const existing = await readKeyFile(keyFile);
  if (existing.kind === 'key') return existing.keys;
  if (existing.kind === 'corrupt') {
    await rename(keyFile, `${keyFile}.corrupt`);
    logger.warn({ keyFile, reason: existing.reason }, `the dev issuer's key file is not a usable key (${existing.reason}): moved it to ${keyFile}.corrupt and made a new key; dev tokens issued before no longer verify`);
  }
  const keys = await generateKeys();
  const stored: StoredKey = { kid: keys.keyId, privateJwk: await exportJWK(keys.privateKey) };
  const winner = await writeOnce(keyFile, `${JSON.stringify(stored, null, 2)}\n`);
  if (winner === 'ours') return keys;
  // Another process wrote its key first: use that one.
  const theirs = await readKeyFile(keyFile);
  if (theirs.kind !== 'key') throw new Error(`the dev issuer's key file ${keyFile} changed while it was being created (${theirs.kind}); start again`);
  return theirs.keys;
}

type KeyFileState = { kind: 'key'; keys: KeyPair } | { kind: 'missing' } | { kind: 'corrupt'; reason: string };

async function readKeyFile(keyFile: string): Promise<KeyFileState> {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { kind: 'missing' };
    throw new Error(`cannot read the dev issuer's key file ${keyFile} (${codeOf(error) ?? String(error)}); fix its permissions or delete it`, { cause: error });
  }
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'not JSON' };
  }
  if (!isStoredKey(stored)) return { kind: 'corrupt', reason: 'not an ES256 private key with a kid' };
  let keys: KeyPair;
  try {
    const { d: _private, ...publicJwk } = stored.privateJwk;
    keys = {
      privateKey: (await importJWK(stored.privateJwk, ALGORITHM)) as CryptoKey,
      publicKey: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
      keyId: stored.kid,
    };
    await signAndVerify(keys);
  } catch {
    return { kind: 'corrupt', reason: 'the key does not import or does not verify its own signature' };
  }
  // A key file someone made readable by others is narrowed again.
  if (((await stat(keyFile)).mode & 0o077) !== 0) await chmod(keyFile, KEY_FILE_MODE);
  return { kind: 'key', keys };
}

function isStoredKey(value: unknown): value is StoredKey {
  if (typeof value !== 'object' || value === null) return false;
  const { kid, privateJwk } = value as Record<string, unknown>;
  if (typeof kid !== 'string' || kid.length === 0 || typeof privateJwk !== 'object' || privateJwk === null) return false;
  const jwk = privateJwk as Record<string, unknown>;
  return jwk['kty'] === 'EC' && jwk['crv'] === 'P-256' && ['x', 'y', 'd'].every((field) => typeof jwk[field] === 'string');
}

/** The private and public halves belong together: a token signed with one verifies with the other. */
async function signAndVerify(keys: KeyPair): Promise<void> {
  const token = await new SignJWT({}).setProtectedHeader({ alg: ALGORITHM }).sign(keys.privateKey);
  await jwtVerify(token, keys.publicKey, { algorithms: [ALGORITHM] });
}

/**
 * Writes `content` to `file` only if no file is there: a temporary file (mode 0600, synced) is
 * linked into place, which fails if another process got there first. Where links are not
 * supported it falls back to a rename (last writer wins).
 */
async function writeOnce(file: string, content: string): Promise<'ours' | 'theirs'> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', KEY_FILE_MODE);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
    return 'ours';
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return 'theirs';
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'].includes(codeOf(error) ?? '')) throw error;
    await rename(temporary, file);
    return 'ours';
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
