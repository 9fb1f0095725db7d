import { signingKeysReadiness } from './signing-keys-readiness.registrar.js';

describe('signingKeysReadiness', () => {
  it('is up with source, age and key count while a set is held, down only with none', () => {
    expect(signingKeysReadiness({ source: 'fresh', ageMs: 42_900, keyCount: 3, lastFetchFailure: null })).toEqual({ up: true, detail: 'source: fresh; age: 42 s; keys: 3' });
    expect(signingKeysReadiness({ source: 'stale', ageMs: 1_200_000, keyCount: 3, lastFetchFailure: 'the JWKS endpoint answered HTTP 503' })).toEqual({
      up: true,
      detail: 'source: stale; age: 1200 s; keys: 3; last fetch failed: the JWKS endpoint answered HTTP 503',
    });
    expect(signingKeysReadiness({ source: 'none', ageMs: null, keyCount: 0, lastFetchFailure: 'the JWKS endpoint could not be reached' })).toEqual({
      up: false,
      detail: 'source: none; no usable signing keys; last fetch failed: the JWKS endpoint could not be reached',
    });
  });
});
