import type { Quote } from '../domain/commerce/quote-model';
import type { Money } from '../domain/shared/money';

const LOCALE = 'en-GB';
const TIME_ZONE = 'Europe/London';

function money(value: Money): string {
  return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: value.currency }).format(
    value.amount / 100,
  );
}

/** The SMS a customer gets with her quote: what, how much, until when, in plain words. */
export function quoteText(givenName: string, quote: Quote): string {
  const names = quote.items.map((item) => item.offeringName).join(', ');
  const charges = [
    quote.totals.recurring.amount ? `${money(quote.totals.recurring)}/month` : '',
    quote.totals.oneTime.amount ? `${money(quote.totals.oneTime)} one-off` : '',
  ].filter(Boolean);
  const until = new Intl.DateTimeFormat(LOCALE, {
    day: 'numeric',
    month: 'long',
    timeZone: TIME_ZONE,
  }).format(new Date(quote.validFor.endDateTime));
  return `Hi ${givenName}, your quote: ${names}, ${charges.join(' + ') || 'no charge'}. These prices hold until ${until}. Reply here to go ahead.`;
}
