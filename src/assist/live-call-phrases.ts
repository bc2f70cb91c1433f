import { expandShorthand } from '../bot/understanding/shorthand';
import { normalizeText } from '../bot/understanding/text';
import type { RequiredPhrase } from '../domain/handovers/live-call';

/** What agents must say on a sales call unless the operator configures its own list. */
export const defaultRequiredPhrases: readonly RequiredPhrase[] = [
  {
    id: 'recording',
    label: 'Recording notice',
    text: 'This call may be recorded for training and quality purposes',
  },
  {
    id: 'consent',
    label: 'Consent before an order',
    text: 'Do you agree to us placing this order on your account',
  },
];

/** Words that carry no meaning of the script: saying "the" proves nothing. */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'for',
  'and',
  'on',
  'in',
  'this',
  'that',
  'is',
  'be',
  'it',
  'we',
  'us',
  'you',
  'your',
  'do',
  'may',
]);

const contentWords = (text: string) =>
  expandShorthand(normalizeText(text))
    .split(/[\s.'/-]+/)
    .filter((word) => word.length > 1 && !FILLER.has(word));

/** Fraction of a phrase's words a line must hold: speech recognition drops or mishears a few. */
const HEARD_SHARE = 0.75;

/** The phrases an agent's line says (in any order, most of their words present). */
export function phrasesHeard(line: string, phrases: readonly RequiredPhrase[]): RequiredPhrase[] {
  const said = new Set(contentWords(line));
  return phrases.filter((phrase) => {
    const wanted = contentWords(phrase.text);
    if (wanted.length === 0) return false;
    const present = wanted.filter((word) => said.has(word)).length;
    return present / wanted.length >= HEARD_SHARE;
  });
}
