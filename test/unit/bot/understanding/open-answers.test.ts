import { readOpenAnswer } from '../../../../src/bot/understanding/open-answer';
import { expandShorthand } from '../../../../src/bot/understanding/shorthand';
import { readYesNo } from '../../../../src/bot/understanding/yes-no';

const now = new Date('2026-06-15T10:00:00Z');
const sizes = [
  { id: 'char:5', label: '5 GB' },
  { id: 'char:10', label: '10 GB' },
  { id: 'char:20', label: '20 GB' },
];
const starts = [
  { id: 'char:immediately', label: 'Immediately' },
  { id: 'char:next-billing-cycle', label: 'Next billing cycle' },
];

describe('answers to an open question, read from the choices shown', () => {
  it.each([
    ['20', 'char:20'],
    ['20gb', 'char:20'],
    ['20 gig', 'char:20'],
    ['twenty', 'char:20'],
    ['the big one', 'char:20'],
    ['the bigger one', 'char:20'],
    ['um the biggest one', 'char:20'],
    ['the smallest one', 'char:5'],
    ['the middle one', 'char:10'],
    ['ten please', 'char:10'],
  ])('reads %j as %s at the size question', (text, id) => {
    expect(readOpenAnswer(text, sizes, now)?.id).toBe(id);
  });

  it.each([
    ['now', 'char:immediately'],
    ['today', 'char:immediately'],
    ['asap', 'char:immediately'],
    ['straight away pls', 'char:immediately'],
    ['next month please', 'char:next-billing-cycle'],
    ['from the 1st', 'char:next-billing-cycle'],
  ])('reads %j as %s at the start question', (text, id) => {
    expect(readOpenAnswer(text, starts, now)?.id).toBe(id);
  });

  it.each(['next friday', 'what does it cost', 'get me a human', ''])(
    'reads %j as no answer to the start question',
    (text) => {
      expect(readOpenAnswer(text, starts, now)).toBeUndefined();
    },
  );
});

describe('yes and no in all their forms', () => {
  it.each(['yes', 'Yeah', 'yep', 'ok', 'go on', 'sure', 'do it', 'please', 'Y', 'yes pls'])(
    'reads %j as yes',
    (text) => expect(readYesNo(text)).toBe('yes'),
  );
  it.each(['nah', 'not now', 'no thanks', 'N', 'never mind', 'actually no'])(
    'reads %j as no',
    (text) => expect(readYesNo(text)).toBe('no'),
  );
  it.each(['yes but how much is it', 'no idea what the price is', 'show my cart'])(
    'reads %j as neither',
    (text) => expect(readYesNo(text)).toBeUndefined(),
  );
});

describe('SMS shorthand and spoken fillers', () => {
  it.each([
    ['wat can u do', 'what can you do'],
    ['speak 2 someone pls', 'speak to someone please'],
    ['how much 4 the boost', 'how much for the boost'],
    ['um can i get a boost', 'can i get a boost'],
    ['nvm thx', 'never mind'],
    ['no thx', 'no thanks'],
  ])('spells %j as %j', (text, plain) => {
    expect(expandShorthand(text)).toBe(plain);
  });
});
