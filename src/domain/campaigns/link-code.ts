import { randomBytes } from 'node:crypto';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
/** 10 characters of a 55-letter alphabet: ~58 bits, unguessable across millions of live links. */
const LENGTH = 10;

/** A short personal link code: no look-alike characters, safe in a URL path. */
export function newLinkCode(): string {
  const bytes = randomBytes(LENGTH * 2);
  let code = '';
  for (let index = 0; code.length < LENGTH && index < bytes.length; index += 2) {
    const value = bytes.readUInt16BE(index);
    // Rejection sampling keeps every character equally likely.
    if (value < 65_535 - (65_535 % ALPHABET.length)) code += ALPHABET[value % ALPHABET.length];
  }
  return code.length === LENGTH ? code : newLinkCode();
}

export const linkCodePattern = /^[2-9a-zA-Z]{10}$/;

export function linkPath(code: string): string {
  return `/l/${code}`;
}
