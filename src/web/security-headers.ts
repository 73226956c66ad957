/**
 * Security headers (CSP with no inline script, nosniff, frame-ancestors, referrer policy…) computed
 * once by helmet at start and set on every answer. Running helmet's middleware per request cost
 * ~60 % of a small route's throughput (bench/pages), and its answer never changes while we run.
 * Framing is refused twice, consistently: CSP `frame-ancestors 'none'` and, for browsers without
 * CSP level 2, `X-Frame-Options: DENY` (helmet's default SAMEORIGIN would contradict it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export function securityHeaders(publicUrl: string): Record<string, string> {
  const https = publicUrl.startsWith('https:');
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https,
    crossOriginEmbedderPolicy: false,
  })({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  if (!headers['content-security-policy']) throw new Error('helmet produced no Content-Security-Policy');
  if (
    !headers['content-security-policy'].includes("frame-ancestors 'none'") ||
    headers['x-frame-options'] !== 'DENY'
  )
    throw new Error('frame-ancestors and X-Frame-Options disagree');
  return headers;
}
