import type { WebAppConfig } from '../config/app-config.js';

/**
 * The app's own CSP: its scripts and styles only, the pdf.js worker (a module from 'self'; blob: for its fallback),
 * rendered pages as blob:/data: images, and, with Entra ID, the authority for MSAL's token calls and silent iframe.
 * 'wasm-unsafe-eval' lets pdf.js decode JPEG 2000 and JBIG2 images with its WebAssembly decoders.
 */
export function webAppContentSecurityPolicy(signIn: WebAppConfig['signIn']): string {
  const authority = signIn.mode === 'entra' ? ` ${new URL(signIn.authority).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${authority}`,
    `frame-src${authority || " 'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
