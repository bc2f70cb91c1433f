import { money, subtractMoney } from '../shared/money';
import type { Money } from '../shared/money';
import { discountReduction, discountTargetsCharge } from './discount';
import type { ChargeType, DiscountTerms } from './discount';
import type { PriceType, RecurringChargePeriodType, UsageUnit } from './product-offering-price';

/** A catalog price as it enters a calculation: one ProductOfferingPrice resolved for a configuration. */
export interface BasePrice {
  priceId: string;
  name: string;
  priceType: PriceType;
  amount: Money;
  recurringChargePeriodType?: RecurringChargePeriodType;
  unitOfMeasure?: UsageUnit;
}

export type AdjustmentSource = 'channel' | 'promotion' | 'agent';

/** One discount to apply, whichever rule it came from. */
export interface Discount {
  source: AdjustmentSource;
  sourceId: string;
  name: string;
  /** What the customer is told makes her price ("campaign price", "self-care 20% off"). */
  label?: string;
  description?: string;
  terms: DiscountTerms;
}

/** What a discount actually did to one charge. `amount` is the signed change: negative for a reduction. */
export interface AppliedAdjustment {
  source: AdjustmentSource;
  sourceId: string;
  name: string;
  label?: string;
  description?: string;
  priceId: string;
  chargeType: ChargeType;
  amount: Money;
}

/** A one-time or recurring charge with every adjustment applied so far, in order. */
export interface PricedCharge {
  priceId: string;
  name: string;
  chargeType: ChargeType;
  base: Money;
  adjustments: AppliedAdjustment[];
  amount: Money;
}

export function chargesOf(basePrices: readonly BasePrice[]): PricedCharge[] {
  const charges: PricedCharge[] = [];
  for (const price of basePrices) {
    if (price.priceType === 'usage') continue;
    charges.push({
      priceId: price.priceId,
      name: price.name,
      chargeType: price.priceType,
      base: price.amount,
      adjustments: [],
      amount: price.amount,
    });
  }
  return charges;
}

/**
 * Applies discounts in the order given, each to what is left after the previous ones (so two 10 %
 * discounts make 19 %, never more than 100 %). Channel alterations come first because they define the
 * channel's list price; promotions and agent goodwill reduce that.
 */
export function applyDiscounts(
  charges: readonly PricedCharge[],
  discounts: readonly Discount[],
): PricedCharge[] {
  if (discounts.length === 0) return [...charges];
  return charges.map((charge) => {
    let amount = charge.amount;
    const adjustments = [...charge.adjustments];
    for (const discount of discounts) {
      if (!discountTargetsCharge(discount.terms.appliesTo, charge.chargeType)) continue;
      const reduction = discountReduction(amount, discount.terms);
      if (reduction.amount === 0) continue;
      amount = subtractMoney(amount, reduction);
      adjustments.push({
        source: discount.source,
        sourceId: discount.sourceId,
        name: discount.name,
        ...(discount.label === undefined ? {} : { label: discount.label }),
        ...(discount.description === undefined ? {} : { description: discount.description }),
        priceId: charge.priceId,
        chargeType: charge.chargeType,
        amount: money(-reduction.amount, reduction.currency),
      });
    }
    return { ...charge, adjustments, amount };
  });
}
