import { LanguageUnderstanding, loadEnglishCorpus } from '../../../../src/bot/understanding';
import type { ChoiceOption } from '../../../../src/bot/understanding';
import { CATALOG_CONTEXT } from './catalog-vocabulary';

const LAST_CHOICES: ChoiceOption[] = [
  { id: 'offer-data-boost', label: 'Data Boost' },
  { id: 'offer-roaming-pass', label: 'Roaming Pass' },
  { id: 'offer-unlimited-max', label: 'Unlimited Max' },
];
const CONTEXT = { ...CATALOG_CONTEXT, lastChoices: LAST_CHOICES };

let understanding: LanguageUnderstanding;

beforeAll(async () => {
  understanding = await LanguageUnderstanding.train(loadEnglishCorpus());
});

describe('numbered choices (SMS: a reply of "2" picks the second)', () => {
  it.each([
    '2',
    ' 2. ',
    'two',
    '#2',
    '2)',
    'second',
    'the 2nd one',
    'option 2',
    'number two please',
  ])('picks the second choice for %j', async (text) => {
    const result = await understanding.understand(text, CONTEXT);
    expect(result.intent).toBe('choose');
    expect(result.choice).toMatchObject({
      position: 2,
      id: 'offer-roaming-pass',
      wholeReply: true,
    });
  });

  it('picks by label text, whatever the case', async () => {
    const result = await understanding.understand('unlimited max', CONTEXT);
    expect(result).toMatchObject({
      intent: 'choose',
      choice: { position: 3, id: 'offer-unlimited-max' },
    });
  });

  it('keeps the intent when the pick sits inside a request', async () => {
    const result = await understanding.understand("I'll take the second one", CONTEXT);
    expect(result.intent).toBe('add_to_cart');
    expect(result.choice).toMatchObject({ position: 2, wholeReply: false });
  });

  it('takes "last" as the last choice', async () => {
    expect((await understanding.understand('the last one', CONTEXT)).choice?.position).toBe(3);
  });

  it('ignores numbers outside the list and replies without choices', async () => {
    expect((await understanding.understand('7', CONTEXT)).choice).toBeUndefined();
    expect((await understanding.understand('2', CATALOG_CONTEXT)).choice).toBeUndefined();
    expect((await understanding.understand('0', CONTEXT)).choice).toBeUndefined();
  });

  it('leaves a plain yes alone even when choices are showing', async () => {
    const result = await understanding.understand('yes', CONTEXT);
    expect(result.intent).toBe('affirm');
    expect(result.choice).toBeUndefined();
  });
});

describe('a yes to a question with one thing offered', () => {
  const ONE: ChoiceOption[] = [{ id: 'command:browse', label: 'Show offers' }];

  it.each(['yes', 'yeah', 'ok', 'go on', 'yes please'])(
    'takes the one choice for %j',
    async (text) => {
      const result = await understanding.understand(text, { ...CATALOG_CONTEXT, lastChoices: ONE });
      expect(result.choice).toMatchObject({ position: 1, id: 'command:browse', wholeReply: true });
    },
  );

  it('does not take it for a no, nor pick among several for a yes', async () => {
    const no = await understanding.understand('no thanks', {
      ...CATALOG_CONTEXT,
      lastChoices: ONE,
    });
    expect(no.choice).toBeUndefined();
    const several = await understanding.understand('yes', CONTEXT);
    expect(several.choice).toBeUndefined();
  });
});
