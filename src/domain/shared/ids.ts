import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Opaque resource ids with a readable prefix (`cust_`, `cart_`, `po_`…): a time part so ids sort by
 * creation, then 80 random bits so they cannot be guessed.
 */
export function newId(prefix: string): string {
  const time = Date.now().toString(32).padStart(9, '0');
  const random = randomBytes(10);
  let suffix = '';
  for (const byte of random) suffix += ALPHABET[byte & 31];
  return `${prefix}_${time}${suffix}`;
}
