/**
 * Cuts text to at most `maxLength` characters at a word boundary and marks the cut with "...".
 * Three dots rather than "…": the single character is outside GSM-7 and would make an SMS UCS-2.
 */
export function shortenText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const marker = '...';
  const room = Math.max(0, maxLength - marker.length);
  const cut = text.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(' ');
  // A word cut in the middle is fine only when there is no earlier boundary to use.
  const kept = lastSpace > 0 ? cut.slice(0, lastSpace) : cut.slice(0, room);
  return `${kept.replace(/[\s,.;:–-]+$/u, '')}${marker}`;
}
