const CARDINALS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  hundred: 100,
  a: 1,
  an: 1,
  single: 1,
  couple: 2,
};

const ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  last: -1,
};

/** Number words customers type, as a regex alternation (no "a"/"an": too common to mean a count alone). */
export const CARDINAL_WORD_PATTERN = Object.keys(CARDINALS)
  .filter((word) => word.length > 2)
  .join('|');
export const ORDINAL_WORD_PATTERN = Object.keys(ORDINALS).join('|');

/** "2", "two", "2nd", "second" → 2; `last` → -1; anything else → undefined. */
export function parseNumberWord(token: string): number | undefined {
  const lower = token.toLowerCase();
  const digits = /^(\d{1,6})(?:st|nd|rd|th)?$/.exec(lower);
  if (digits?.[1] !== undefined) return Number(digits[1]);
  return CARDINALS[lower] ?? ORDINALS[lower];
}

/** "5" → "5|five": how a number in a catalog name may be typed or transcribed. */
export function numberSpellings(digits: string): string[] {
  const value = Number(digits);
  const words = Object.entries(CARDINALS)
    .filter(([word, n]) => n === value && word.length > 2 && word !== 'single' && word !== 'couple')
    .map(([word]) => word);
  return [digits, ...words];
}
