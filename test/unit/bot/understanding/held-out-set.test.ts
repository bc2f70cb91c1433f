import { loadEnglishCorpus } from '../../../../src/bot/understanding';
import { normalizeText } from '../../../../src/bot/understanding/text';
import { HELD_OUT_FLOWS } from '../../../fixtures/understanding/flows';
import { HELD_OUT_PHRASINGS } from '../../../fixtures/understanding/phrasings';

/** Case, punctuation and spacing do not make a line new: "Data boost, pls!" is "data boost pls". */
function canonical(line: string): string {
  return normalizeText(line)
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ISSUE_EXAMPLES = [
  'can i get a data boost',
  'data boost pls',
  "i'd like the Unlimited 30GB plan",
  'take the roaming pass off',
  'read me back my basket',
  "i'm calling to check on an order",
  'got ur text about double data whats the deal',
  'whats the cheapest data boost',
  'What SIM only plans do you do?',
  'ill take it, how do i pay',
];

describe('the held-out evaluation', () => {
  const corpus = loadEnglishCorpus();
  const trained = new Set(
    [...Object.values(corpus.intents).flat(), ...corpus.outOfScope].map(canonical),
  );

  it('keeps at least 150 phrasings over SMS, web chat and voice, and 20 flows', () => {
    expect(HELD_OUT_PHRASINGS.length).toBeGreaterThanOrEqual(150);
    for (const channel of ['sms', 'webchat', 'voice'] as const) {
      expect(HELD_OUT_PHRASINGS.filter((line) => line.channel === channel).length).toBeGreaterThan(
        40,
      );
    }
    expect(HELD_OUT_FLOWS.length).toBeGreaterThanOrEqual(20);
  });

  // Flows may say "yes" or "check out": what they test is the conversation, not the classifier.
  it('has no phrasing that is in the training corpus', () => {
    const leaked = HELD_OUT_PHRASINGS.map((line) => line.text).filter((line) =>
      trained.has(canonical(line)),
    );
    expect(leaked).toEqual([]);
  });

  it('lists each phrasing once', () => {
    const seen = HELD_OUT_PHRASINGS.map((line) => canonical(line.text));
    expect(seen.filter((line, index) => seen.indexOf(line) !== index)).toEqual([]);
  });

  it('includes the examples the issue names', () => {
    const texts = HELD_OUT_PHRASINGS.map((line) => canonical(line.text));
    for (const example of ISSUE_EXAMPLES) expect(texts).toContain(canonical(example));
  });
});
