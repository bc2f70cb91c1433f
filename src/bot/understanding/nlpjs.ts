import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { Nlp } from '@nlpjs/nlp';

/** NLP.js's own name for "no intent"; mapped to our `none` by the caller. */
export const NLPJS_NONE = 'None';

export interface IntentScore {
  intent: string;
  score: number;
}

/** The only thing the rest of the module needs from NLP.js: text in, ranked intents out. */
export interface IntentClassifier {
  classify(utterance: string): Promise<IntentScore[]>;
}

export async function trainIntentClassifier(
  utterancesByIntent: Readonly<Record<string, readonly string[]>>,
  outOfScope: readonly string[] = [],
): Promise<IntentClassifier> {
  // A private container per classifier: the default one is process-global and would mix corpora.
  const container = await containerBootstrap();
  container.use(LangEn);
  // Spell check maps a typed word one edit away from a corpus word ("cancle") onto it before scoring.
  // Registering replaces NLP.js's defaults wholesale, so the other values restate them.
  container.registerConfiguration(
    'nlu-en',
    {
      keepStopwords: true,
      nonefeatureValue: 1,
      nonedeltaMultiplier: 1.2,
      spellCheck: true,
      spellCheckDistance: 1,
      filterZeros: true,
      log: false,
    },
    true,
  );
  // `nlu.log: false` silences the per-epoch training lines; autoSave/autoLoad would touch model.nlp on disk.
  const nlp = new Nlp({
    languages: ['en'],
    autoLoad: false,
    autoSave: false,
    container,
    nlu: { log: false },
  });
  for (const [intent, utterances] of Object.entries(utterancesByIntent)) {
    for (const utterance of utterances) nlp.addDocument('en', utterance, intent);
  }
  for (const utterance of outOfScope) nlp.addDocument('en', utterance, NLPJS_NONE);
  await nlp.train();
  return {
    async classify(utterance) {
      const result = await nlp.process('en', utterance);
      const ranked = result.classifications ?? [{ intent: result.intent, score: result.score }];
      // NLP.js answers None by its own threshold even when classifications rank real intents:
      // None comes first, the ranking after it (the fallback offers the closest as "did you mean").
      if (result.intent === NLPJS_NONE) {
        return [
          { intent: NLPJS_NONE, score: result.score },
          ...ranked.filter((entry) => entry.intent !== NLPJS_NONE),
        ];
      }
      return ranked;
    },
  };
}
