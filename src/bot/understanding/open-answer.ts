import { recognizeDate } from './date-recognizer';
import { CARDINAL_WORD_PATTERN, parseNumberWord } from './numbers';
import { expandShorthand } from './shorthand';
import { normalizeText, wholePhrasePattern } from './text';
import type { ChoiceOption } from './vocabulary';

/**
 * Reads a reply as the answer to the question the bot just asked, from the choices it showed:
 * "20", "twenty", "the big one", "the middle one", "asap", "next month". Choices are matched by
 * their labels ("20 GB", "Immediately", "Next billing cycle"), so any catalog's values work.
 */
export interface OpenAnswer {
  id: string;
  label: string;
}

/** Words that pick an end of a list ordered by size. */
const LARGEST =
  /\b(?:big|bigger|biggest|large|larger|largest|most|max|maximum|highest|top|massive)\b/;
const SMALLEST = /\b(?:small|smaller|smallest|little|least|min|minimum|lowest|tiny|cheapest)\b/;
const MIDDLE = /\b(?:middle|medium|mid|in between|inbetween)\b/;

/** Ways people say a start, keyed by the normalised label they mean. */
const START_WORDS: Readonly<Record<string, readonly string[]>> = {
  immediately: [
    'now',
    'right now',
    'today',
    'asap',
    'as soon as possible',
    'straight away',
    'straightaway',
    'right away',
    'at once',
    'immediately',
    'immediate',
    'instantly',
    'this minute',
  ],
  'next billing cycle': [
    'next month',
    'next bill',
    'next billing',
    'next billing date',
    'next cycle',
    'from the 1st',
    'from the first',
    'the 1st',
    'the first of next month',
    '1st of next month',
    'start of next month',
    'beginning of next month',
    'when my bill renews',
    'when my plan renews',
    'next period',
  ],
};

function numberIn(label: string): number | undefined {
  const found = /(\d+(?:\.\d+)?)/.exec(label);
  return found ? Number(found[1]) : undefined;
}

function byNumber(text: string, options: readonly ChoiceOption[]): OpenAnswer | undefined {
  const numbers = [
    ...text.matchAll(
      new RegExp(`(?<![\\p{L}\\p{N}])(\\d+(?:\\.\\d+)?|${CARDINAL_WORD_PATTERN})`, 'giu'),
    ),
  ]
    .map((found) => parseNumberWord(found[1] ?? '') ?? Number(found[1]))
    .filter((value) => Number.isFinite(value));
  const hits = options.filter((option) => {
    const value = numberIn(option.label);
    return value !== undefined && numbers.includes(value);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function byEnd(text: string, options: readonly ChoiceOption[]): OpenAnswer | undefined {
  const sized = options
    .map((option) => ({ option, value: numberIn(option.label) }))
    .filter((entry): entry is { option: ChoiceOption; value: number } => entry.value !== undefined)
    .sort((a, b) => a.value - b.value);
  if (sized.length < 2 || sized.length !== options.length) return undefined;
  if (LARGEST.test(text)) return sized.at(-1)?.option;
  if (SMALLEST.test(text)) return sized[0]?.option;
  if (MIDDLE.test(text) && sized.length % 2 === 1) return sized[(sized.length - 1) / 2]?.option;
  return undefined;
}

function byStartWords(text: string, options: readonly ChoiceOption[], now: Date) {
  const hits = options.filter((option) => {
    const words = START_WORDS[normalizeText(option.label)];
    return words?.some((phrase) => new RegExp(wholePhrasePattern(phrase), 'iu').test(text));
  });
  if (hits.length === 1) return hits[0];
  // A date she named: today is "immediately", the 1st of next month is the next billing cycle.
  const date = recognizeDate(text, now);
  if (!date) return undefined;
  const nextCycle = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const meant =
    date.isoDate === now.toISOString().slice(0, 10)
      ? 'immediately'
      : date.isoDate === nextCycle.toISOString().slice(0, 10)
        ? 'next billing cycle'
        : undefined;
  return meant ? options.find((option) => normalizeText(option.label) === meant) : undefined;
}

export function readOpenAnswer(
  rawText: string,
  options: readonly ChoiceOption[] | undefined,
  now: Date,
): OpenAnswer | undefined {
  if (!options || options.length === 0) return undefined;
  const text = expandShorthand(normalizeText(rawText));
  if (!text) return undefined;
  const found = byNumber(text, options) ?? byStartWords(text, options, now) ?? byEnd(text, options);
  return found ? { id: found.id, label: found.label } : undefined;
}
