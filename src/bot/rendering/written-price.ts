import type { Money } from '../../domain/shared/money';
import { moneyText, monthlyText, priceText } from '../../domain/shared/money-text';
import type { OfferPrice } from './reply';

/**
 * Written prices (SMS and web chat) come from the same formatter as the portal's pages, so a
 * price reads "£4.00 a month" wherever she sees it. Voice says them with `spoken-price`.
 */

/** "£9.99", "£10.00", "PLN 25.00". */
export function formatMoney(value: Money): string {
  return moneyText(value);
}

/** "£10.00 a month". */
export function formatMonthly(value: Money): string {
  return monthlyText(value);
}

/** "£10.00 a month", "£5.00 one-off", "£9.99 a month plus £5.00 one-off"; empty when neither. */
export function formatOfferPrice(price: OfferPrice): string {
  return priceText(price);
}
