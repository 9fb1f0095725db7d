import { webAppContentSecurityPolicy } from './web-app-csp.js';

/** The policy as directive → sources, so each assertion names the directive it is about. */
function directivesOf(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe('webAppContentSecurityPolicy', () => {
  it('allows the app its own scripts only: no inline or eval, WebAssembly for pdf.js image decoders', () => {
    const csp = directivesOf(webAppContentSecurityPolicy({ mode: 'dev' }));
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(webAppContentSecurityPolicy({ mode: 'dev' })).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  });

  it("lets the pdf.js worker run and draws rendered pages from blob:/data:, with inline styles but nothing else inline", () => {
    const csp = directivesOf(webAppContentSecurityPolicy({ mode: 'dev' }));
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('in dev sign-in talks only to its own origin and frames nothing', () => {
    const csp = directivesOf(webAppContentSecurityPolicy({ mode: 'dev' }));
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(directivesOf(webAppContentSecurityPolicy({ mode: 'none' }))).toEqual(csp);
  });

  it("with Entra ID adds the authority's origin (not its path) to connect-src and frame-src, and nowhere else", () => {
    const policy = webAppContentSecurityPolicy({ mode: 'entra', clientId: 'client', authority: 'https://login.example.test/tenant-id/v2.0', apiScope: 'api://facade/Casework.Access' });
    const csp = directivesOf(policy);
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://login.example.test']);
    expect(csp.get('frame-src')).toEqual(['https://login.example.test']);
    expect(policy.match(/login\.example\.test/g)).toHaveLength(2);
  });

  it('cannot be framed, posts no forms, loads no plugins and fixes the base URL', () => {
    const csp = directivesOf(webAppContentSecurityPolicy({ mode: 'dev' }));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });
});
