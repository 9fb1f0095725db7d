// What the HTTP benchmarks share: a temp work dir, child processes (the stand-in, the facade in
// remote-legacy mode with production-style JWKS auth), and a local JWKS that signs bench tokens.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=')));
}

export function createWorkspace(prefix) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const children = [];
  process.on('exit', () => {
    for (const child of children) child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });
  /** `cpus` (e.g. "0") pins the child to those CPUs with taskset, which execs node in place (same pid). */
  const startChild = (argv, env = {}, cpus = undefined) => {
    const [command, args] = cpus === undefined ? [process.execPath, argv] : ['taskset', ['-c', cpus, process.execPath, ...argv]];
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    return child;
  };
  return { work, startChild };
}

function firstLine(child) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

export async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

export async function waitFor(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** The built stand-in in its own process, rate limit off; answers its endpoints. */
export async function startStandInProcess({ work, startChild }, { cpus } = {}) {
  const child = startChild([join(root, 'bench', 'lib', 'stand-in-process.mjs'), join(work, 'stand-in')], {}, cpus);
  return { ...JSON.parse(await firstLine(child)), pid: child.pid };
}

/** bare-proxy.mjs in front of one upstream read: what any Node process in the path costs on this machine. */
export async function startBareProxy({ startChild }, upstream, { cpus } = {}) {
  const child = startChild([join(root, 'bench', 'lib', 'bare-proxy.mjs'), JSON.stringify(upstream)], {}, cpus);
  const port = Number(await firstLine(child));
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid };
}

/** A JWKS like Entra ID's, served locally, and a signer for tokens it accepts. */
export async function startJwks() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  const issuer = 'urn:bench:issuer';
  const audience = 'api://casework-facade';
  const sign = ({ username, subject, roles = ['Casework.User'] }) =>
    new SignJWT({ preferred_username: username, roles })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
  return { issuer, audience, url: `http://127.0.0.1:${server.address().port}/keys`, sign };
}

/** The built facade (dist/main.js) in its own process against `standIn`, authenticating with `jwks`. */
export async function startFacadeProcess({ work, startChild }, { standIn, jwks, nodeArgs = [], env = {}, cpus }) {
  const port = await freePort();
  const child = startChild([...nodeArgs, join(root, 'dist', 'main.js')], {
    APP_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(work, 'facade'),
    LOG_LEVEL: 'warn',
    LEGACY_SOAP_URL: standIn.soapUrl,
    LEGACY_GRAPHQL_URL: standIn.graphqlUrl,
    LEGACY_FILES_URL: standIn.filesUrl,
    LEGACY_SERVICE_USERNAME: standIn.serviceUsername,
    LEGACY_SERVICE_PASSWORD: standIn.servicePassword,
    AUTH_ISSUER: jwks.issuer,
    AUTH_AUDIENCE: jwks.audience,
    AUTH_JWKS_URL: jwks.url,
    ...env,
  }, cpus);
  child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/health/live`);
  return { url, pid: child.pid };
}
