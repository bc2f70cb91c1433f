import { z } from 'zod';
import { CORPUS_INTENTS } from './intents';

const utterances = z.array(z.string().trim().min(1)).min(10).max(40);

/** Every trained intent must be present, and nothing else: a typo in an intent name fails at load. */
const intentsShape = Object.fromEntries(CORPUS_INTENTS.map((intent) => [intent, utterances])) as {
  [K in (typeof CORPUS_INTENTS)[number]]: typeof utterances;
};

export const corpusSchema = z.object({
  locale: z.literal('en'),
  intents: z.strictObject(intentsShape),
  /** Off-topic lines trained as "no intent", so chit-chat is not forced into the nearest sales intent. */
  outOfScope: z.array(z.string().trim().min(1)).min(5),
});

export type Corpus = z.infer<typeof corpusSchema>;

/** Throws a readable zod error naming the bad intent or utterance. */
export function parseCorpus(raw: unknown): Corpus {
  return corpusSchema.parse(raw);
}
