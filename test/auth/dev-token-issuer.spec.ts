import { jest } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../src/config/app-config.js';
import { AccessTokenVerifier } from '../../src/auth/access-token-verifier.service.js';
import { DevTokenIssuer } from '../../src/auth/dev-issuer/dev-token-issuer.service.js';

const DEV_AUTH = { mode: 'dev', issuer: DEV_ISSUER, audience: DEV_AUDIENCE, usernameClaim: 'preferred_username', keyFile: 'unused' } as const;

/** Whether `verifier` accepts a token `issuer` signed. */
async function accepts(verifier: AccessTokenVerifier, issuer: DevTokenIssuer): Promise<boolean> {
  const { accessToken } = await issuer.issue({ username: 'alice.admin' });
  return verifier.verify(accessToken).then(
    () => true,
    () => false,
  );
}

describe('DevTokenIssuer.fromKeyFile (dev tokens survive a restart)', () => {
  let dir: string;
  let keyFile: string;
  let warned: ReturnType<typeof jest.spyOn>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dev-issuer-'));
    keyFile = path.join(dir, 'dev-issuer', 'signing-key.json');
    warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    warned.mockRestore();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the key on first start (mode 0600, no temporary file left) and reads the same key on the next', async () => {
    const first = await DevTokenIssuer.fromKeyFile(keyFile);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(keyFile))).toEqual(['signing-key.json']);

    const restarted = await DevTokenIssuer.fromKeyFile(keyFile);
    expect(restarted.keyId).toBe(first.keyId);
    expect(await restarted.jwks()).toEqual(await first.jwks());
    // A token from before the restart verifies after it.
    expect(await accepts(AccessTokenVerifier.fromConfig(DEV_AUTH, restarted), first)).toBe(true);
    expect(warned).not.toHaveBeenCalled();
  });

  it('agrees on one key when two processes start at once on an empty DATA_DIR', async () => {
    const [one, two] = await Promise.all([DevTokenIssuer.fromKeyFile(keyFile), DevTokenIssuer.fromKeyFile(keyFile)]);
    expect(one.keyId).toBe(two.keyId);
    expect(await accepts(AccessTokenVerifier.fromConfig(DEV_AUTH, two), one)).toBe(true);
    expect(await readdir(path.dirname(keyFile))).toEqual(['signing-key.json']);
  });

  /** Two valid key files spliced: the kid and public point of one with the private scalar of the other. */
  async function mismatchedKey(): Promise<string> {
    const [a, b] = await Promise.all(
      ['a.json', 'b.json'].map(async (name) => {
        const file = path.join(dir, name);
        await DevTokenIssuer.fromKeyFile(file);
        return JSON.parse(await readFile(file, 'utf8')) as { kid: string; privateJwk: Record<string, string> };
      }),
    );
    return JSON.stringify({ kid: a.kid, privateJwk: { ...a.privateJwk, d: b.privateJwk.d } });
  }

  it.each([
    ['not JSON', () => Promise.resolve('this is not a key')],
    ['JSON of another shape', () => Promise.resolve(JSON.stringify({ kid: 'k', privateJwk: { kty: 'RSA', n: 'x', e: 'AQAB', d: 'y' } }))],
    ['a private half that does not match its public half', mismatchedKey],
  ])('moves a key file holding %s aside, with a warning, and starts with a new key that lasts', async (_case, contentOf) => {
    const content = await contentOf();
    await mkdir(path.dirname(keyFile), { recursive: true });
    await writeFile(keyFile, content, { mode: 0o600 });

    const issuer = await DevTokenIssuer.fromKeyFile(keyFile);
    expect(await readFile(`${keyFile}.corrupt`, 'utf8')).toBe(content);
    expect(warned).toHaveBeenCalledTimes(1);
    const restarted = await DevTokenIssuer.fromKeyFile(keyFile);
    expect(restarted.keyId).toBe(issuer.keyId);
    expect(await accepts(AccessTokenVerifier.fromConfig(DEV_AUTH, restarted), issuer)).toBe(true);
    expect(warned).toHaveBeenCalledTimes(1);
  });

  it('narrows a key file others may read back to 0600', async () => {
    await DevTokenIssuer.fromKeyFile(keyFile);
    await chmod(keyFile, 0o644);
    await DevTokenIssuer.fromKeyFile(keyFile);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it('refuses to start, naming the file, when the key file cannot be read', async () => {
    await mkdir(keyFile, { recursive: true }); // a directory where the file should be: EISDIR
    await expect(DevTokenIssuer.fromKeyFile(keyFile)).rejects.toThrow(keyFile);
  });

  it('makes a key that is never written with create()', async () => {
    const issuer = await DevTokenIssuer.create();
    expect(await accepts(AccessTokenVerifier.fromConfig(DEV_AUTH, issuer), issuer)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });
});
