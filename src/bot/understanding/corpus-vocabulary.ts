import { editDistance, normalizeText, words } from './text';

/**
 * Words that carry no topic: a line made only of these plus unknown words says nothing the corpus
 * knows about, however confidently the classifier ranks it.
 */
const FUNCTION_WORDS = new Set(
  (
    'i me my mine you your u ur we our us the a an is are am was be been it its this that these those ' +
    'and or but to of in on at for with from by about as into so just some any there here what whats ' +
    'how do does did can could would should will shall please pls plz he she they them their ' +
    // Contraction tails: words() splits "what's" into "what" and "s".
    's t ll d re ve m'
  ).split(' '),
);

/**
 * The classifier's softmax picks *some* intent for any English sentence ("play some music" → browse).
 * Requiring one topical word the corpus has seen (allowing a typo) rejects chit-chat that the
 * score threshold alone cannot separate from short, genuine requests.
 */
export class CorpusVocabulary {
  private readonly known: ReadonlySet<string>;
  private readonly lines: ReadonlySet<string>;

  constructor(utterances: Iterable<string>) {
    const known = new Set<string>();
    const lines = new Set<string>();
    for (const utterance of utterances) {
      const normalized = normalizeText(utterance);
      lines.add(words(normalized).join(' '));
      for (const word of words(normalized)) known.add(word);
    }
    this.known = known;
    this.lines = lines;
  }

  /** A line the corpus trains is topical even if made of small words ("what can you do"). */
  hasTopicalWord(text: string): boolean {
    const plain = words(text).join(' ');
    if (this.lines.has(plain)) return true;
    // ...or holds one of three words or more: "what can you do for me" holds "what can you do".
    const padded = ` ${plain} `;
    for (const line of this.lines) {
      if (line.includes(' ', line.indexOf(' ') + 1) && padded.includes(` ${line} `)) return true;
    }
    const topical = words(text).filter((word) => !FUNCTION_WORDS.has(word));
    return topical.some((word) => this.isKnown(word));
  }

  private isKnown(word: string): boolean {
    if (this.known.has(word)) return true;
    if (word.length < 5) return false;
    for (const known of this.known) {
      if (Math.abs(known.length - word.length) <= 1 && editDistance(word, known, 1) <= 1)
        return true;
    }
    return false;
  }
}
