/**
 * Who may talk to the bridge. It listens on 127.0.0.1 only, and every request must also:
 * - name the bridge itself in `Host` (a DNS-rebinding page reaches us with its own host name),
 * - come from the bridge's own origin when the browser says where it comes from (`Origin`,
 *   `Sec-Fetch-Site`), so no other site or local page can call it,
 * - carry the session token: the HttpOnly cookie set by the one-time launch URL, or the
 *   `x-face-deblur-token` header for non-browser clients (tests, scripts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { wire } from '../ipc/wire.js';

export interface GuardSettings {
  port: number;
  token: string;
}

export type Verdict = { ok: true } | { ok: false; status: number; reason: string };

export const cookieName = (port: number): string => `face_deblur_${port}`;

export function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenFromCookie(header: string | undefined, port: number): string | undefined {
  const name = `${cookieName(port)}=`;
  return header
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(name))
    ?.slice(name.length);
}

/** Checks Host and the browser's origin headers; the token is checked separately. */
export function checkOrigin(headers: IncomingHttpHeaders, { port }: GuardSettings): Verdict {
  const self = `127.0.0.1:${port}`;
  if (headers.host !== self) {
    return { ok: false, status: 421, reason: `Host must be ${self}` };
  }
  if (headers.origin !== undefined && headers.origin !== `http://${self}`) {
    return { ok: false, status: 403, reason: 'Cross-origin requests are refused' };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, reason: 'Cross-site requests are refused' };
  }
  return { ok: true };
}

export function checkToken(headers: IncomingHttpHeaders, settings: GuardSettings): Verdict {
  const header = headers[wire.tokenHeader];
  const given =
    (typeof header === 'string' ? header : undefined) ??
    tokenFromCookie(headers.cookie, settings.port);
  return sameToken(given, settings.token)
    ? { ok: true }
    : { ok: false, status: 401, reason: 'Missing or wrong session token: open the launch URL' };
}
