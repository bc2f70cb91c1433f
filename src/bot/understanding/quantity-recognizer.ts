import { CARDINAL_WORD_PATTERN, parseNumberWord } from './numbers';
import { overlaps } from './text';
import type { TextSpan } from './text';

export interface QuantityMatch {
  value: number;
  text: string;
  span: TextSpan;
}

const COUNT = `(\\d{1,3}|${CARDINAL_WORD_PATTERN}|a couple)`;

/** Counted forms only: a bare "2" is a choice or a value, never silently a quantity. */
const PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b${COUNT} (?:of (?:them|those|these|it|that)|times|units|copies|lines|pieces)\\b`),
  new RegExp(`\\b(?:quantity|qty)(?: of)?:? ${COUNT}\\b`),
  /\bx ?(\d{1,3})\b/,
  /\b(\d{1,3}) ?x\b/,
];

const LARGEST_SENSIBLE_QUANTITY = 100;

export function recognizeQuantity(
  text: string,
  taken: readonly TextSpan[],
): QuantityMatch | undefined {
  for (const pattern of PATTERNS) {
    const found = pattern.exec(text);
    if (!found) continue;
    const span = { start: found.index, end: found.index + found[0].length };
    if (taken.some((other) => overlaps(other, span))) continue;
    const word = (found[1] ?? '').replace('a couple', 'couple');
    const value = parseNumberWord(word);
    if (value === undefined || value < 1 || value > LARGEST_SENSIBLE_QUANTITY) continue;
    return { value, text: found[0], span };
  }
  return undefined;
}
