import type { Money } from './money';
import { toMajorUnits } from './money';

/**
 * Money as customers read it on every written channel (the portal, web chat, SMS): "£4.00",
 * "£4.00 a month", "£7.50 one-off". One formatter, so the same price never reads two ways.
 *
 * Only GBP, EUR and USD get a bare symbol: en-GB's default would print "US$", and other
 * currencies' narrow symbols ("zł") are outside GSM-7 and would turn a whole SMS into three times
 * as many segments. ICU's no-break spaces become plain ones for the same reason.
 */
const currenciesShownBySymbol = new Set(['GBP', 'EUR', 'USD']);

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency,
      currencyDisplay: currenciesShownBySymbol.has(currency) ? 'narrowSymbol' : 'code',
    });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** "£9.99", "£10.00", "€12.50", "PLN 25.00". */
export function moneyText(value: Money): string {
  return formatterFor(value.currency)
    .format(toMajorUnits(value))
    .replace(/[\u00a0\u202f]/g, ' ');
}

/** "£4.00 a month". */
export function monthlyText(value: Money): string {
  return `${moneyText(value)} a month`;
}

/** "£7.50 one-off". */
export function oneOffText(value: Money): string {
  return `${moneyText(value)} one-off`;
}

/**
 * A price on one line: "£4.00 a month", "£7.50 one-off", "£30.00 a month plus £10.00 one-off"
 * (the monthly amount leads, as on the portal); empty when there is nothing to pay.
 */
export function priceText(price: { oneTime?: Money; recurring?: Money }): string {
  const monthly = price.recurring && price.recurring.amount !== 0 ? price.recurring : undefined;
  const once = price.oneTime && price.oneTime.amount !== 0 ? price.oneTime : undefined;
  if (monthly && once) return `${monthlyText(monthly)} plus ${oneOffText(once)}`;
  if (monthly) return monthlyText(monthly);
  if (once) return oneOffText(once);
  return '';
}
