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
