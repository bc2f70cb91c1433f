import { recognizeCharacteristics } from './characteristic-recognizer';
import type { CharacteristicMatch } from './characteristic-recognizer';
import { resolveChoice } from './choice-resolver';
import type { ResolvedChoice } from './choice-resolver';
import type { Corpus } from './corpus-schema';
import { CorpusVocabulary } from './corpus-vocabulary';
import { isCorpusIntent } from './intents';
import type { Intent } from './intents';
import { trainIntentClassifier } from './nlpjs';
import type { IntentClassifier } from './nlpjs';
import { pickOffering, recognizeOfferings } from './offering-recognizer';
import type { OfferingCandidate } from './offering-recognizer';
import { recognizeQuantity } from './quantity-recognizer';
import type { QuantityMatch } from './quantity-recognizer';
import { expandShorthand } from './shorthand';
import { normalizeText, overlaps } from './text';
import type { TextSpan } from './text';
import type { UnderstandingContext } from './vocabulary';

/**
 * Below this the classifier is guessing. Calibrated on the held-out lines: the weakest correct answer
 * scored 0.64, while the wrong answers seen while tuning the corpus scored 0.52-0.58. Off-topic chatter
 * is caught mostly by the out-of-scope corpus and the topical-word check, not by this number.
 */
export const INTENT_SCORE_THRESHOLD = 0.6;

export interface UnderstoodEntities {
  /** Set only when one offer clearly stands out; otherwise see `offeringCandidates`. */
  offering?: OfferingCandidate;
  /** All offers the text may name, best first; two or more close scores mean "ask which one". */
  offeringCandidates: OfferingCandidate[];
  characteristics: CharacteristicMatch[];
  quantity?: QuantityMatch;
}

export interface Understanding {
  intent: Intent;
  score: number;
  entities: UnderstoodEntities;
  choice?: ResolvedChoice;
}

/** Stands in for a recognised offer name while classifying, so catalog names never need training. */
const OFFER_PLACEHOLDER = 'it';

function maskSpans(text: string, spans: ReadonlyArray<{ span: TextSpan; replacement: string }>) {
  let masked = text;
  // An offer's name may hold a value ("Essential 5 GB"): the first span listed wins an overlap.
  const kept: Array<{ span: TextSpan; replacement: string }> = [];
  for (const entry of spans) {
    if (!kept.some((other) => overlaps(other.span, entry.span))) kept.push(entry);
  }
  for (const { span, replacement } of kept.sort((a, b) => b.span.start - a.span.start)) {
    masked = `${masked.slice(0, span.start)} ${replacement} ${masked.slice(span.end)}`;
  }
  return masked.replace(/\s+/g, ' ').trim();
}

/** "a data boost" → "it", not "a it": the article goes with the name it introduces. */
function withArticle(text: string, span: TextSpan): TextSpan {
  const article = /(?:^|\s)(?:a|an|the|that|this|my|your)\s+$/.exec(text.slice(0, span.start));
  return article ? { start: article.index, end: span.end } : span;
}

/**
 * The bot's language understanding: intents from an NLP.js model trained once from the repo corpus,
 * entities from the live catalog vocabulary supplied with each call. Pure: no I/O, no bot state.
 */
export class LanguageUnderstanding {
  private constructor(
    private readonly classifier: IntentClassifier,
    private readonly vocabulary: CorpusVocabulary,
  ) {}

  /** Trains the intent model; do it once per process and share the instance (it is stateless). */
  static async train(corpus: Corpus): Promise<LanguageUnderstanding> {
    // Trained on the same spelt-out form it classifies, so "what's" and "wats" meet.
    const spelt = (lines: readonly string[]) =>
      lines.map((line) => expandShorthand(normalizeText(line)));
    const intents = Object.fromEntries(
      Object.entries(corpus.intents).map(([intent, lines]) => [intent, spelt(lines)]),
    );
    const classifier = await trainIntentClassifier(intents, spelt(corpus.outOfScope));
    return new LanguageUnderstanding(
      classifier,
      new CorpusVocabulary(Object.values(intents).flat()),
    );
  }

  async understand(rawText: string, context: UnderstandingContext = {}): Promise<Understanding> {
    const text = normalizeText(typeof rawText === 'string' ? rawText : '');
    const characteristics = recognizeCharacteristics(
      text,
      context.characteristics ?? [],
      context.now ?? new Date(),
    );
    const offeringCandidates = recognizeOfferings(text, context.offers ?? [], characteristics);
    const offering = pickOffering(offeringCandidates);
    const quantity = recognizeQuantity(
      text,
      characteristics.map((match) => match.span),
    );
    const entities: UnderstoodEntities = {
      ...(offering ? { offering } : {}),
      offeringCandidates,
      characteristics,
      ...(quantity ? { quantity } : {}),
    };
    const choice = resolveChoice(text, context.lastChoices);
    if (choice?.wholeReply) return { intent: 'choose', score: 1, entities, choice };

    const masked = maskSpans(text, [
      ...offeringCandidates.flatMap((c) =>
        (c.span ?? c.mention)
          ? [{ span: withArticle(text, (c.span ?? c.mention)!), replacement: OFFER_PLACEHOLDER }]
          : [],
      ),
      ...characteristics.map((match) => ({ span: match.span, replacement: '' })),
    ]);
    // A named offer is a topic in itself: "what's the Summer Data Double?" is "what's it?".
    const named = offeringCandidates.some((c) => c.span ?? c.mention);
    const { intent, score } = await this.classify(expandShorthand(masked), named);
    const base = { entities, ...(choice ? { choice } : {}) };
    if (intent !== 'none') return { intent, score, ...base };
    // Only an offer name and a "please" ("data boost pls") asks for it.
    if (offering && /^it please$/.test(expandShorthand(masked))) {
      return { intent: 'add_to_cart', score: offering.score, ...base };
    }
    // A reply that is only an offer name ("data boost?") is a request to hear about it.
    if (offering && masked.replace(/[\s.?'-]|\bit\b|\bthe\b/g, '') === '') {
      return { intent: 'offer_details', score: offering.score, ...base };
    }
    return { intent: 'none', score, ...base };
  }

  private async classify(text: string, named = false): Promise<{ intent: Intent; score: number }> {
    if (!named && !this.vocabulary.hasTopicalWord(text)) return { intent: 'none', score: 0 };
    try {
      const [best] = await this.classifier.classify(text);
      if (!best || !isCorpusIntent(best.intent) || best.score < INTENT_SCORE_THRESHOLD) {
        return { intent: 'none', score: best?.score ?? 0 };
      }
      return { intent: best.intent, score: best.score };
    } catch {
      // The classifier is a third-party model: odd input must cost one "I didn't get that", never a turn.
      return { intent: 'none', score: 0 };
    }
  }
}
