/** Long pastes are cut here: nothing past this is a chat request, and it bounds matching cost. */
export const MAX_TEXT_LENGTH = 500;

/**
 * Lower-case, width-folded, apostrophes unified, punctuation other than `- . ' /` turned into spaces.
 * Matching works on this form so "20GB", "20 gb" and "20 GB" meet in one place.
 */
export function normalizeText(text: string): string {
  return text
    .slice(0, MAX_TEXT_LENGTH * 2)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/[^\p{L}\p{N}\s\-.'/]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT_LENGTH);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex source that matches `phrase` as whole words, with any run of spaces or hyphens between words. */
export function wholePhrasePattern(phrase: string): string {
  const words = phrase
    .split(/[\s-]+/)
    .filter(Boolean)
    .map(escapeRegExp);
  return `(?<![\\p{L}\\p{N}])${words.join('[\\s-]*')}(?![\\p{L}\\p{N}])`;
}

export function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Edit distance capped at `limit + 1`, enough to tolerate one typo in a word. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

export interface TextSpan {
  start: number;
  end: number;
}

export function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start < b.end && b.start < a.end;
}
