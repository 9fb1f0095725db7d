import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The recording key (32 bytes) split into a hashing key and an encryption key, so neither is used twice. */
export interface RecordingKeys {
  readonly hashKey: Buffer;
  readonly encryptionKey: Buffer;
}

export function deriveRecordingKeys(master: Buffer): RecordingKeys {
  if (master.length !== 32) throw new Error('the recording key must be 32 bytes');
  const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { hashKey: derive('casework-facade recording hash'), encryptionKey: derive('casework-facade recording encryption') };
}

/**
 * AES-256-GCM with a random 96-bit IV per sample; the route name is authenticated data, so a sample moved
 * to another route does not decrypt. Text form: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export class RecordingCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  }

  encrypt(plaintext: string, route: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(route, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Throws when the text was altered, belongs to another route or another key. */
  decrypt(text: string, route: string): string {
    const [version, iv, tag, body] = text.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) throw new Error('not a recording sample');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(route, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
