import { parseCorpus } from './corpus-schema';
import type { Corpus } from './corpus-schema';
import englishCorpus from './corpus/en.json';

/** The English corpus shipped in the repo, validated once so a bad edit fails at start-up. */
export function loadEnglishCorpus(): Corpus {
  return parseCorpus(englishCorpus);
}
