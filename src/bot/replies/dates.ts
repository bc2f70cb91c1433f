/** The zone dates are said in: the operator's customers are in the UK. */
const LONDON = 'Europe/London';

/** "10 December", as people say a date; the year only when it is not this year's. */
export function dateInWords(date: Date, now: Date = new Date()): string {
  const year = (value: Date) =>
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: LONDON }).format(value);
  const sameYear = year(date) === year(now);
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: LONDON,
  }).format(date);
}

/** "Friday 11 December", as people name a day they mean; the year only when it is not this year's. */
export function dayInWords(date: Date, now: Date = new Date()): string {
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: LONDON }).format(
    date,
  );
  return `${weekday} ${dateInWords(date, now)}`;
}

/** "2026-12-11" (a calendar day) → "Friday 11 December"; anything else is returned as it is. */
export function calendarDayInWords(value: string, now: Date = new Date()): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(`${value}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : dayInWords(date, now);
}

/** ["Immediately", "Next billing cycle"] → "now or from your next bill". */
export function startsInWords(labels: readonly string[]): string {
  const spoken = labels.map((label) => {
    const plain = label.toLowerCase();
    if (plain === 'immediately') return 'now';
    if (plain === 'next billing cycle') return 'from your next bill';
    return plain;
  });
  return spoken.length > 1
    ? `${spoken.slice(0, -1).join(', ')} or ${spoken.at(-1)}`
    : spoken.join('');
}
