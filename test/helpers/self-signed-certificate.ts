import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A certificate for https on 127.0.0.1, made at test time (nothing key-like is committed). */
export interface LoopbackCertificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate as a PEM file: give it to child processes as NODE_EXTRA_CA_CERTS so they trust it. */
  readonly caFile: string;
}

export async function loopbackCertificate(dir: string): Promise<LoopbackCertificate> {
  const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 24 * 3_600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const caFile = join(dir, 'loopback-ca.pem');
  await writeFile(caFile, made.cert);
  return { key: made.private, cert: made.cert, caFile };
}
