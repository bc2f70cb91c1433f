import type { Quote } from '../domain/commerce/quote-model';
import { priceText } from '../domain/shared/money-text';

const LOCALE = 'en-GB';
const TIME_ZONE = 'Europe/London';

/** The SMS a customer gets with her quote: what, how much, until when, in plain words. */
export function quoteText(givenName: string, quote: Quote): string {
  const names = quote.items.map((item) => item.offeringName).join(', ');
  // The same words as every other surface: "£5.00 a month plus £7.50 one-off".
  const charges = priceText({ recurring: quote.totals.recurring, oneTime: quote.totals.oneTime });
  const until = new Intl.DateTimeFormat(LOCALE, {
    day: 'numeric',
    month: 'long',
    timeZone: TIME_ZONE,
  }).format(new Date(quote.validFor.endDateTime));
  return `Hi ${givenName}, your quote: ${names}, ${charges || 'no charge'}. These prices hold until ${until}. Reply here to go ahead.`;
}
