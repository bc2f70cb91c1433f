import type { Money } from '../../domain/shared/money';
import { toMajorUnits } from '../../domain/shared/money';
import type { OfferPrice } from './reply';

/**
 * Only these get a bare symbol: en-GB's default would print "US$", and other currencies' narrow
 * symbols ("zł") are outside GSM-7 and would turn a whole SMS into three times as many segments.
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
      // "£10/mo" reads better than "£10.00/mo"; pence still show when there are any.
      trailingZeroDisplay: 'stripIfInteger',
    });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** "£9.99", "€10", "PLN 25". ICU's no-break spaces become plain ones: they are not GSM-7. */
export function formatMoney(value: Money): string {
  return formatterFor(value.currency)
    .format(toMajorUnits(value))
    .replace(/[\u00a0\u202f]/g, ' ');
}

export function formatMonthly(value: Money): string {
  return `${formatMoney(value)}/mo`;
}

/** "£10/mo", "£5 one-off", "£5 now + £10/mo"; empty when the price has neither part. */
export function formatOfferPrice(price: OfferPrice): string {
  const { oneTime, recurring } = price;
  if (oneTime && recurring) return `${formatMoney(oneTime)} now + ${formatMonthly(recurring)}`;
  if (recurring) return formatMonthly(recurring);
  if (oneTime) return `${formatMoney(oneTime)} one-off`;
  return '';
}
