import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The portal's pages load scripts only from files it serves itself (no inline script, no eval), so
 * `script-src 'self'` holds for all of them. Inline styles stay allowed: chart tooltips and a few pages
 * set `style` attributes, and a style cannot run code.
 */
export const pagePolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const policyText = (policy: Record<string, string[]>) =>
  Object.entries(policy)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');

/**
 * The API reference (swagger-ui) draws its icons from data: and blob: URLs and lets the reader try
 * requests against this site; still no inline script and no framing.
 */
export const docsPolicyText = policyText({ ...pagePolicy, imgSrc: ["'self'", 'data:', 'blob:'], workerSrc: ["'self'", 'blob:'] });

/**
 * Every response: nosniff, a referrer policy that never leaks paths to other sites, no framing, and
 * the page policy (harmless on JSON and files, which run nothing). A route that sets its own
 * Content-Security-Policy (the API reference) keeps it. HSTS is left to the TLS proxy in front: only it
 * knows whether every subdomain speaks HTTPS. No Cross-Origin-Resource-Policy: open data is meant to be
 * fetched from other sites.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: pagePolicy,
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: 'same-origin',
    overwrite: false,
  });
}
