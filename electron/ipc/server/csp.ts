/**
 * The Content-Security-Policy of the renderer, one definition for both hosts. Scripts, styles
 * and connections only from the app's own origin; images also from the media route; no
 * inline script or style elements, no eval, no plugins, no framing, no form posts, no <base>.
 */
export function contentSecurityPolicy(mediaOrigin: string | null): string {
  const img = ["'self'", 'data:', 'blob:', ...(mediaOrigin ? [mediaOrigin] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${img}`,
    "connect-src 'self'",
    "font-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every renderer document and asset, by both hosts. */
export function documentHeaders(mediaOrigin: string | null): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(mediaOrigin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}
