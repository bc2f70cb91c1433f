import { CARDINAL_WORD_PATTERN, parseNumberWord } from './numbers';
import { recognizeDate } from './date-recognizer';
import { escapeRegExp, normalizeText, overlaps, wholePhrasePattern } from './text';
import type { TextSpan } from './text';
import type { CharacteristicVocabulary } from './vocabulary';

export interface CharacteristicMatch {
  name: string;
  /** A catalog value (number or string) or, for dates, an ISO calendar date `YYYY-MM-DD`. */
  value: string | number;
  unit?: string;
  /** False when the customer named a value the catalog does not offer ("15 GB" of [5, 10, 20]). */
  inCatalog: boolean;
  text: string;
  span: TextSpan;
}

/** How customers write each unit; keys are lower-cased catalog units. */
const UNIT_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  gb: ['gb', 'gbs', 'gig', 'gigs', 'giga', 'gigabyte', 'gigabytes', 'g'],
  mb: ['mb', 'mbs', 'meg', 'megs', 'megabyte', 'megabytes'],
  min: ['min', 'mins', 'minute', 'minutes'],
  minutes: ['min', 'mins', 'minute', 'minutes'],
  day: ['day', 'days', 'd'],
  days: ['day', 'days', 'd'],
  month: ['month', 'months', 'mo'],
  months: ['month', 'months', 'mo'],
  sms: ['sms', 'texts', 'text messages'],
};

function unitSpellings(unit: string): readonly string[] {
  const lower = unit.toLowerCase();
  return UNIT_SPELLINGS[lower] ?? [lower, `${lower}s`];
}

export function isDateCharacteristic(characteristic: CharacteristicVocabulary): boolean {
  // A "startDate" with listed values ("immediately", "next-billing-cycle") takes those, not dates.
  return (
    characteristic.valueType === 'date' ||
    (/date/i.test(characteristic.name) && characteristic.values.length === 0)
  );
}

const NUMBER = `(\\d+(?:\\.\\d+)?|${CARDINAL_WORD_PATTERN})`;

function recognizeQuantities(
  text: string,
  characteristics: readonly CharacteristicVocabulary[],
): CharacteristicMatch[] {
  const byUnit = new Map<string, CharacteristicVocabulary[]>();
  for (const characteristic of characteristics) {
    if (!characteristic.unit || isDateCharacteristic(characteristic)) continue;
    const key = characteristic.unit.toLowerCase();
    byUnit.set(key, [...(byUnit.get(key) ?? []), characteristic]);
  }
  const matches: CharacteristicMatch[] = [];
  for (const [unit, sharing] of byUnit) {
    // No word boundary between number and unit: "20gb" is as common as "20 gb".
    const spellings = unitSpellings(unit).map(escapeRegExp).join('|');
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}.])${NUMBER}\\s*(?:${spellings})(?![\\p{L}\\p{N}])`,
      'giu',
    );
    for (const found of text.matchAll(pattern)) {
      const amount = parseNumberWord(found[1] ?? '') ?? Number(found[1]);
      if (!Number.isFinite(amount)) continue;
      // Units shared by several characteristics (data and roaming data) go to the one offering the value.
      const owner = sharing.find((c) => c.values.some((v) => Number(v) === amount));
      const characteristic = owner ?? sharing[0];
      if (!characteristic) continue;
      matches.push({
        name: characteristic.name,
        value: amount,
        ...(characteristic.unit ? { unit: characteristic.unit } : {}),
        inCatalog: owner !== undefined,
        text: found[0],
        span: { start: found.index, end: found.index + found[0].length },
      });
    }
  }
  return matches;
}

function recognizeWords(
  text: string,
  characteristics: readonly CharacteristicVocabulary[],
): CharacteristicMatch[] {
  const matches: CharacteristicMatch[] = [];
  for (const characteristic of characteristics) {
    for (const value of characteristic.values) {
      if (typeof value !== 'string') continue;
      const phrase = normalizeText(value);
      if (phrase.length < 2) continue;
      const found = new RegExp(wholePhrasePattern(phrase), 'iu').exec(text);
      if (!found) continue;
      matches.push({
        name: characteristic.name,
        value,
        inCatalog: true,
        text: found[0],
        span: { start: found.index, end: found.index + found[0].length },
      });
    }
  }
  return matches;
}

/** Values with units ("20gb", "10 gig"), catalog words, and start dates, in the order they appear. */
export function recognizeCharacteristics(
  text: string,
  characteristics: readonly CharacteristicVocabulary[],
  now: Date,
): CharacteristicMatch[] {
  const found = [
    ...recognizeQuantities(text, characteristics),
    ...recognizeWords(text, characteristics),
  ];
  const dateCharacteristic = characteristics.find(isDateCharacteristic);
  const date = dateCharacteristic ? recognizeDate(text, now) : undefined;
  if (dateCharacteristic && date) {
    found.push({ name: dateCharacteristic.name, value: date.isoDate, inCatalog: true, ...date });
  }
  const kept: CharacteristicMatch[] = [];
  for (const match of found.sort((a, b) => a.span.start - b.span.start)) {
    if (!kept.some((other) => overlaps(other.span, match.span))) kept.push(match);
  }
  return kept;
}
