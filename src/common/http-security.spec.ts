import { describe, expect, it } from '@jest/globals';
import { securityHeadersOf } from './http-security.js';

describe('security headers recorded once from helmet', () => {
  it('keeps what helmet sets for these options, and what it removes', () => {
    const { set, removed } = securityHeadersOf({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"] } }, crossOriginEmbedderPolicy: false });
    const headers = new Map(set);
    expect(headers.get('Content-Security-Policy')).toBe("default-src 'none'");
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.has('Cross-Origin-Embedder-Policy')).toBe(false);
    expect(removed).toContain('X-Powered-By');
  });

  it('follows the options: a policy turned off is not sent', () => {
    const { set } = securityHeadersOf({ contentSecurityPolicy: false, frameguard: false });
    const names = set.map(([name]) => name);
    expect(names).not.toContain('Content-Security-Policy');
    expect(names).not.toContain('X-Frame-Options');
    expect(names).toContain('Strict-Transport-Security');
  });
});
