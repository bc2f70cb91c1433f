import type { CharacteristicMatch } from './characteristic-recognizer';
import { numberSpellings } from './numbers';
import { editDistance, normalizeText, overlaps, wholePhrasePattern, words } from './text';
import type { TextSpan } from './text';
import type { OfferVocabulary } from './vocabulary';

export interface OfferingCandidate {
  id: string;
  name: string;
  /** 1 for a full name or alias; lower for partial names or a value + kind word ("the 20 GB add-on"). */
  score: number;
  matchedBy: 'name' | 'partial-name' | 'characteristic';
  /** Set for a full name or alias only. */
  span?: TextSpan;
  /** Where a partial name ("the roaming pass") was said, so it can be masked like a full one. */
  mention?: TextSpan;
}

/** Words too generic to identify an offer on their own: "the plan" names no plan. */
const GENERIC_WORDS = new Set([
  'the',
  'a',
  'an',
  'of',
  'for',
  'and',
  'with',
  'my',
  'your',
  'plan',
  'plans',
  'pass',
  'add',
  'on',
  'addon',
  'add-on',
  'bundle',
  'pack',
  'package',
  'offer',
  'deal',
  'promo',
  'data',
  'gb',
  'mb',
  'unlimited',
  'monthly',
  'plus',
  'extra',
  // "got a text about…" is a message, not "Unlimited Talk & Text".
  'text',
  'texts',
]);

/** How customers say a kind of offer; keys are normalized catalog kinds. */
const KIND_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  'add-on': [
    'add-on',
    'add on',
    'addon',
    'add-ons',
    'addons',
    'extra',
    'booster',
    'boost',
    'top-up',
    'top up',
    'pack',
  ],
  plan: ['plan', 'tariff', 'subscription', 'contract'],
  pass: ['pass', 'passes'],
  bundle: ['bundle', 'package', 'pack'],
};

const PARTIAL_NAME_SCORE = 0.6;
const VALUE_AND_KIND_SCORE = 0.8;
const VALUE_ONLY_SCORE = 0.5;

function findPhrase(text: string, phrase: string): TextSpan | undefined {
  const normalized = normalizeText(phrase);
  if (!normalized) return undefined;
  // "Essential 5 GB" is also "essential five gb" in a voice transcript.
  const pattern = wholePhrasePattern(normalized).replace(
    /(?<![\\\w])\d+(?![\d])/g,
    (digits) => `(?:${numberSpellings(digits).join('|')})`,
  );
  const found = new RegExp(pattern, 'iu').exec(text);
  return found ? { start: found.index, end: found.index + found[0].length } : undefined;
}

/** One typo allowed in words of five letters or more ("roming" still finds "roaming"). */
function wordMatches(typed: string, wanted: string): boolean {
  return typed === wanted || (wanted.length >= 5 && editDistance(typed, wanted, 1) <= 1);
}

function matchByName(text: string, offer: OfferVocabulary): OfferingCandidate | undefined {
  const names = [offer.name, ...(offer.aliases ?? [])];
  for (const name of names) {
    const span = findPhrase(text, name);
    if (span) return { id: offer.id, name: offer.name, score: 1, matchedBy: 'name', span };
  }
  // "30GB" holds the name's "30": numbers and units are compared apart.
  const typed = words(text.replace(/(\d)(\p{L})/gu, '$1 $2'));
  let best = 0;
  let mention: TextSpan | undefined;
  for (const name of names) {
    const nameWords = words(normalizeText(name));
    const distinctive = nameWords.filter((word) => !GENERIC_WORDS.has(word));
    if (distinctive.length === 0) continue;
    const hits = distinctive.filter((word) => typed.some((t) => wordMatches(t, word))).length;
    if (hits / distinctive.length > best) {
      best = hits / distinctive.length;
      mention = mentionOf(text, nameWords);
    }
  }
  if (best === 0) return undefined;
  return {
    id: offer.id,
    name: offer.name,
    score: PARTIAL_NAME_SCORE * best,
    matchedBy: 'partial-name',
    ...(mention ? { mention } : {}),
  };
}

/** The run of typed words that all belong to the name ("roaming pass" of "Europe Roaming Week Pass"). */
function mentionOf(text: string, nameWords: readonly string[]): TextSpan | undefined {
  let best: TextSpan | undefined;
  let current: TextSpan | undefined;
  let distinctive = false;
  for (const found of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = found[0];
    const inName = nameWords.some((name) => wordMatches(word, name));
    if (!inName) {
      current = undefined;
      distinctive = false;
      continue;
    }
    distinctive ||= !GENERIC_WORDS.has(word);
    current = { start: current?.start ?? found.index, end: found.index + word.length };
    if (distinctive && (!best || current.end - current.start > best.end - best.start)) {
      best = { ...current };
    }
  }
  return best;
}

function mentionsKind(text: string, kind: string | undefined): boolean {
  if (!kind) return false;
  const normalized = normalizeText(kind);
  const spellings = KIND_SYNONYMS[normalized] ?? [normalized];
  return spellings.some((spelling) => findPhrase(text, spelling) !== undefined);
}

function offersValue(offer: OfferVocabulary, match: CharacteristicMatch): boolean {
  const characteristic = offer.characteristics?.find((c) => c.name === match.name);
  return characteristic?.values.some((value) => String(value) === String(match.value)) ?? false;
}

function matchByCharacteristic(
  text: string,
  offer: OfferVocabulary,
  values: readonly CharacteristicMatch[],
): OfferingCandidate | undefined {
  const value = values.find((match) => match.inCatalog && offersValue(offer, match));
  if (!value) return undefined;
  const score = mentionsKind(text, offer.kind) ? VALUE_AND_KIND_SCORE : VALUE_ONLY_SCORE;
  return { id: offer.id, name: offer.name, score, matchedBy: 'characteristic' };
}

/**
 * Every offer the text may name, best first. A full name or alias wins outright; otherwise partial
 * names and "value + kind word" clues are scored, and the caller decides whether one stands out.
 */
export function recognizeOfferings(
  text: string,
  offers: readonly OfferVocabulary[],
  values: readonly CharacteristicMatch[],
): OfferingCandidate[] {
  const fullNames = offers
    .map((offer) => matchByName(text, offer))
    .filter((candidate): candidate is OfferingCandidate => candidate?.span !== undefined)
    .sort((a, b) => spanLength(b) - spanLength(a));
  // Longest full name first, so "Data Boost Plus" is not also reported as "Data Boost".
  const exact: OfferingCandidate[] = [];
  for (const candidate of fullNames) {
    if (!exact.some((kept) => spansOverlap(kept, candidate))) exact.push(candidate);
  }
  if (exact.length > 0) return exact;
  return offers
    .map((offer) =>
      combineClues(matchByName(text, offer), matchByCharacteristic(text, offer, values)),
    )
    .filter((candidate): candidate is OfferingCandidate => candidate !== undefined)
    .sort((a, b) => b.score - a.score);
}

function spanLength(candidate: OfferingCandidate): number {
  return candidate.span ? candidate.span.end - candidate.span.start : 0;
}

function spansOverlap(a: OfferingCandidate, b: OfferingCandidate): boolean {
  return a.span !== undefined && b.span !== undefined && overlaps(a.span, b.span);
}

/** A partial name backed by a matching value ("boost 20 GB") is stronger than either clue alone. */
function combineClues(
  partial: OfferingCandidate | undefined,
  byValue: OfferingCandidate | undefined,
): OfferingCandidate | undefined {
  if (partial && byValue)
    return { ...partial, score: Math.min(1, partial.score + byValue.score / 2) };
  return partial ?? byValue;
}

/** The one offer meant, if the best candidate clearly beats the runner-up. */
export function pickOffering(
  candidates: readonly OfferingCandidate[],
): OfferingCandidate | undefined {
  const [best, runnerUp] = candidates;
  if (!best) return undefined;
  if (runnerUp && runnerUp.score >= best.score - 0.15) return undefined;
  return best;
}
