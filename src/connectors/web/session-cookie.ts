/**
 * `sa_session` carries the customer token for page loads only (the server decides whether to show
 * self-care or redirect to sign-in). HttpOnly keeps it from scripts; API calls never accept it:
 * they take `Authorization: Bearer`, so a cross-site form cannot act with it.
 */
export const sessionCookieName = 'sa_session';

export interface SessionCookieOptions {
  maxAgeSeconds: number;
  /** Set when the public address is https, so the cookie never travels in clear. */
  secure: boolean;
}

export function sessionCookie(token: string, options: SessionCookieOptions): string {
  const attributes = [
    `${sessionCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeSeconds: 0, secure });
}

/** The value of one cookie from a `Cookie` header; undefined when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    // Tokens are base64url with dots; anything else is not ours.
    return /^[A-Za-z0-9._-]{1,4096}$/.test(value) ? value : undefined;
  }
  return undefined;
}
