import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RANDOM_CHARACTERS = 16;

// One system call fills randomness for hundreds of ids; a call per id dominated hot paths.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBytesFromPool(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/**
 * Opaque resource ids with a readable prefix (`cust_`, `cart_`, `po_`…): a time part so ids sort by
 * creation, then 80 random bits so they cannot be guessed.
 */
export function newId(prefix: string): string {
  const time = Date.now().toString(32).padStart(9, '0');
  let suffix = '';
  for (const byte of randomBytesFromPool(RANDOM_CHARACTERS)) suffix += ALPHABET[byte & 31];
  return `${prefix}_${time}${suffix}`;
}
