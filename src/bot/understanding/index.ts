export { LanguageUnderstanding, INTENT_SCORE_THRESHOLD } from './language-understanding';
export type { Understanding, UnderstoodEntities } from './language-understanding';
export { loadEnglishCorpus } from './load-corpus';
export { parseCorpus, corpusSchema } from './corpus-schema';
export type { Corpus } from './corpus-schema';
export { CORPUS_INTENTS } from './intents';
export type { Intent, CorpusIntent } from './intents';
export type { CharacteristicMatch } from './characteristic-recognizer';
export type { OfferingCandidate } from './offering-recognizer';
export type { QuantityMatch } from './quantity-recognizer';
export type { ResolvedChoice } from './choice-resolver';
export type {
  UnderstandingContext,
  OfferVocabulary,
  CharacteristicVocabulary,
  ChoiceOption,
} from './vocabulary';
export { readDate } from './date-recognizer';
export type { RecognizedDate } from './date-recognizer';
export { readOpenAnswer } from './open-answer';
