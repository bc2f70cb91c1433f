import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const SMS_CODE_LENGTH = 6;

/** A uniformly random 6-digit code, leading zeros kept. */
export function generateSmsCode(): string {
  return String(randomInt(0, 10 ** SMS_CODE_LENGTH)).padStart(SMS_CODE_LENGTH, '0');
}

/**
 * Codes are stored as a keyed hash bound to the visitor and number: a million possible codes make
 * a plain hash reversible from a database dump, the server secret does not.
 */
export function hashSmsCode(
  secret: string,
  visitorId: string,
  phone: string,
  code: string,
): string {
  return createHmac('sha256', secret).update(`${visitorId}\n${phone}\n${code}`).digest('base64url');
}

export function smsCodeMatches(
  secret: string,
  stored: string,
  visitorId: string,
  phone: string,
  code: string,
): boolean {
  const presented = Buffer.from(hashSmsCode(secret, visitorId, phone, code.trim()));
  const expected = Buffer.from(stored);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
