import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header every hub callback carries: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = 'X-Signature';

/** A fresh per-subscription secret, returned once at registration. */
export function newHubSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function signHubBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Listener side: constant-time check of a received signature against the raw body. */
export function verifyHubSignature(
  secret: string,
  body: string,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signHubBody(secret, body));
  const received = Buffer.from(header);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
