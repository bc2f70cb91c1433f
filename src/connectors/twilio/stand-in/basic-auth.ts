import { timingSafeEqual } from 'node:crypto';

/** Whether an `Authorization: Basic …` header carries exactly this user and password. */
export function hasBasicCredentials(
  header: string | undefined,
  username: string,
  password: string,
): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const presented = Buffer.from(match[1], 'base64');
  const expected = Buffer.from(`${username}:${password}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
