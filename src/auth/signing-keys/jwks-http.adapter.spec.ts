import { signingKeysOf } from './jwks-http.adapter.js';

describe('signingKeysOf (the JWKS document)', () => {
  const ec = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' };

  it('keeps public signing keys, drops encryption keys and anything carrying a private member', () => {
    const keys = signingKeysOf(JSON.stringify({ keys: [ec, { ...ec, kid: 'enc', use: 'enc' }, { ...ec, kid: 'private', d: 'secret' }, 'junk', { kid: 'no-kty' }] }));
    expect(keys.map((key) => key.kid)).toEqual(['k1']);
  });

  it('refuses what is not a usable key set', () => {
    expect(() => signingKeysOf('<html>')).toThrow('the JWKS is not JSON');
    expect(() => signingKeysOf('{"keys":{}}')).toThrow('the JWKS has no keys array');
    expect(() => signingKeysOf('null')).toThrow('the JWKS has no keys array');
    expect(() => signingKeysOf('{"keys":[]}')).toThrow('the JWKS holds no public signing key');
  });
});
