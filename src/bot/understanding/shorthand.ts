/**
 * How people text and how speech-to-text writes them down, spelt out before the classifier sees
 * it: the corpus is written in plain words, and a model trained on 20 lines an intent cannot learn
 * that "wat" is "what" or that "2" between two words is "to". Entities are read from the text as
 * she wrote it; only the intent is classified on this form.
 */
const WORDS: Readonly<Record<string, string>> = {
  u: 'you',
  ur: 'your',
  urs: 'yours',
  r: 'are',
  pls: 'please',
  plz: 'please',
  plez: 'please',
  wat: 'what',
  wot: 'what',
  wats: 'whats',
  wots: 'whats',
  wen: 'when',
  hw: 'how',
  thx: 'thanks',
  thnx: 'thanks',
  ty: 'thanks',
  ta: 'thanks',
  txt: 'text',
  txts: 'texts',
  txtd: 'texted',
  txted: 'texted',
  msg: 'message',
  msgd: 'messaged',
  gd: 'good',
  yh: 'yeah',
  ye: 'yeah',
  yea: 'yeah',
  im: "i'm",
  ive: "i've",
  ill: "i'll",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  isnt: "isn't",
  doesnt: "doesn't",
  didnt: "didn't",
  cn: 'can',
  cud: 'could',
  wud: 'would',
  shud: 'should',
  hav: 'have',
  av: 'have',
  tlk: 'talk',
  thru: 'through',
  thro: 'through',
  actualy: 'actually',
  acc: 'actually',
  gr8: 'great',
  plse: 'please',
  pleas: 'please',
  wanna: 'want to',
  gimme: 'give me',
  gonna: 'going to',
  abt: 'about',
  b4: 'before',
  pay4: 'pay for',
  ppl: 'people',
  sum1: 'someone',
  some1: 'someone',
  bc: 'because',
  cos: 'because',
  coz: 'because',
  tho: 'though',
  rn: 'right now',
  nvm: 'never mind',
  // Basket and cart are the same thing to a customer.
  basket: 'cart',
  trolley: 'cart',
};

/** Spoken fillers a transcript keeps: they carry nothing. */
const FILLERS = new Set(['um', 'umm', 'uh', 'uhh', 'er', 'erm', 'em', 'hmm', 'ah', 'oh']);

/** "2" and "4" between words are "to" and "for" ("speak 2 someone", "how much 4 the boost"). */
const TO_FOR = /(?<=\p{L} )(2|4)(?= \p{L})/gu;
/** A "2" that ends a phrasal verb is "to" even at the end: "wat does it come 2". */
const TRAILING_TO = /(?<=\b(?:come|comes|go|talk|speak|up|back|get) )2$/u;

/** Openers and sign-offs that carry no request: "actually, …", "…, thanks". */
const OPENER = /^(?:actually|so|well|right|ok so|okay so|oh|hey so)\s+(?=\S)/;
const SIGN_OFF = /(?<=\S)\s+(?:thanks|thank you|cheers|ta|thx|mate|then)$/;

/** The text in plain words, for the intent classifier only. Expects `normalizeText` output. */
export function expandShorthand(text: string): string {
  const spelt = text
    .replace(TO_FOR, (digit) => (digit === '2' ? 'to' : 'for'))
    .replace(TRAILING_TO, 'to')
    .split(' ')
    .filter((word) => !FILLERS.has(word))
    .map((word) => WORDS[word] ?? word)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  // "no thanks" keeps its thanks: with one word left, the sign-off is the meaning.
  const trimmed = spelt.replace(OPENER, '').replace(SIGN_OFF, '');
  return trimmed.split(' ').length >= 2 ? trimmed : spelt;
}
