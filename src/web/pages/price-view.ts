import type { ChannelPrice } from '../../domain/catalog/channel-price';
import { priceLabels } from '../../domain/catalog/price-labels';
import type { Money } from '../../domain/shared/money';
import { moneyText } from './money-text';
import type { PriceView } from './view-models';

/** Adjustments may be stored as reductions or as negative amounts: a saving is shown unsigned. */
function saved(value: Money): Money {
  return { amount: Math.abs(value.amount), currency: value.currency };
}

/**
 * The monthly amount leads (what most offers are about); a one-off charge leads only when there is
 * nothing monthly. A price with nothing to pay says so rather than showing `£0.00 a month`.
 */
export function priceView(price: ChannelPrice): PriceView {
  const monthly =
    price.recurring.amount !== 0 ? `${moneyText(price.recurring)} a month` : undefined;
  const once = price.oneTime.amount !== 0 ? `${moneyText(price.oneTime)} one-off` : undefined;
  const headline = monthly ?? once ?? 'Free';
  const extras = monthly && once ? [`plus ${once}`] : [];
  const savings = [...price.alterations, ...price.promotions].map(
    (adjustment) => `${adjustment.name}: you save ${moneyText(saved(adjustment.amount))}`,
  );
  const labels = priceLabels([...price.alterations, ...price.promotions]);
  return { headline, extras, savings, labels };
}

/** Whether `candidate` costs less than `reference`, monthly first, then one-off. */
export function isCheaper(candidate: ChannelPrice, reference: ChannelPrice): boolean {
  if (candidate.recurring.amount !== reference.recurring.amount) {
    return candidate.recurring.amount < reference.recurring.amount;
  }
  return candidate.oneTime.amount < reference.oneTime.amount;
}
