import type { Money } from '../../domain/shared/money';
import { toMajorUnits } from '../../domain/shared/money';

const formatters = new Map<string, Intl.NumberFormat>();

/** `£3.00` from 300 GBP minor units; one formatter per currency, built once. */
export function moneyText(value: Money): string {
  let formatter = formatters.get(value.currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-GB', { style: 'currency', currency: value.currency });
    formatters.set(value.currency, formatter);
  }
  return formatter.format(toMajorUnits(value));
}
