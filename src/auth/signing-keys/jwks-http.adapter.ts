import type { SigningJwk, SigningKeyFetcher } from './signing-key-provider.port.js';

/** A JWKS larger than this is refused (Entra's is a few KB). */
const MAX_JWKS_BYTES = 512 * 1024;

/** Fetches a JWKS over HTTP(S) with a deadline, and keeps only well-formed public signing keys. */
export function jwksHttpFetcher(jwksUrl: string, timeoutMs: number): SigningKeyFetcher {
  return async () => {
    let response: Response;
    try {
      response = await fetch(jwksUrl, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new Error(timedOut ? `the JWKS endpoint did not answer within ${timeoutMs} ms` : 'the JWKS endpoint could not be reached', { cause: error });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`the JWKS endpoint answered HTTP ${response.status}`);
    }
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_JWKS_BYTES) throw new Error('the JWKS is too large');
    return signingKeysOf(text);
  };
}

/** The signing keys of a JWKS document; refuses anything that is not one, or has no usable key. */
export function signingKeysOf(text: string): SigningJwk[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('the JWKS is not JSON');
  }
  const keys = typeof document === 'object' && document !== null ? (document as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new Error('the JWKS has no keys array');
  const signing = keys.filter(
    (key): key is SigningJwk =>
      typeof key === 'object' && key !== null && typeof (key as SigningJwk).kty === 'string' && (key as SigningJwk).use !== 'enc' && !('d' in key),
  );
  if (signing.length === 0) throw new Error('the JWKS holds no public signing key');
  return signing;
}
