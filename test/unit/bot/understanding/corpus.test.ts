import englishCorpus from '../../../../src/bot/understanding/corpus/en.json';
import {
  CORPUS_INTENTS,
  LanguageUnderstanding,
  loadEnglishCorpus,
  parseCorpus,
} from '../../../../src/bot/understanding';

describe('the English corpus', () => {
  it('validates and covers every intent with 10-40 utterances', () => {
    const corpus = loadEnglishCorpus();
    expect(Object.keys(corpus.intents).sort()).toEqual([...CORPUS_INTENTS].sort());
    for (const utterances of Object.values(corpus.intents)) {
      expect(utterances.length).toBeGreaterThanOrEqual(10);
      expect(utterances.length).toBeLessThanOrEqual(40);
    }
  });

  it('names no catalog offer: offer vocabulary comes from the live catalog per call', () => {
    const text = JSON.stringify(loadEnglishCorpus()).toLowerCase();
    for (const name of ['unlimited max', 'travel pass']) expect(text).not.toContain(name);
  });

  it('rejects an unknown intent, a missing intent and an empty utterance', () => {
    const { intents } = englishCorpus;
    expect(() =>
      parseCorpus({ ...englishCorpus, intents: { ...intents, gossip: intents.greet } }),
    ).toThrow(/gossip/);
    const { greet: _greet, ...withoutGreet } = intents;
    expect(() => parseCorpus({ ...englishCorpus, intents: withoutGreet })).toThrow(/greet/);
    expect(() =>
      parseCorpus({
        ...englishCorpus,
        intents: { ...intents, help: [...intents.help.slice(1), ' '] },
      }),
    ).toThrow();
  });

  it('trains in well under a second, without logging', async () => {
    const log = jest.spyOn(console, 'log');
    const started = performance.now();
    await LanguageUnderstanding.train(loadEnglishCorpus());
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1500);
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
