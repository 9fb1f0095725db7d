import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';

/** A signing key of the simulated identity provider, with the public JWK it publishes. */
export interface Signer {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: Record<string, unknown>;
}

export async function signer(kid: string): Promise<Signer> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/**
 * The identity provider's JWKS endpoint on 127.0.0.1: counts the requests it gets, and can be switched off
 * (connection reset) or made to answer 503.
 */
export class JwksEndpoint {
  requests = 0;
  mode: 'up' | 'reset' | 'error' = 'up';
  published: Signer[] = [];
  url = '';
  private server: Server | null = null;

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.requests += 1;
      if (this.mode === 'reset') {
        request.socket.destroy();
        return;
      }
      if (this.mode === 'error') {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.published.map((published) => published.jwk) }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
