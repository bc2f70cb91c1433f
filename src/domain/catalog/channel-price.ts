import { money } from '../shared/money';
import type { Money } from '../shared/money';
import type { AppliedAdjustment, BasePrice, PricedCharge } from './price-calculation';

/**
 * The price of an offering on one channel for one customer, explained: catalog prices, the channel
 * alterations and promotions applied (each named, with the amount it took off), and what is left to
 * pay once and every month. Usage rates are listed in `basePrices` and never totalled.
 */
export interface ChannelPrice {
  currency: string;
  basePrices: BasePrice[];
  charges: PricedCharge[];
  alterations: AppliedAdjustment[];
  promotions: AppliedAdjustment[];
  oneTime: Money;
  /** Per month: the only recurring period this catalog has. */
  recurring: Money;
}

/**
 * One pass over the charges: this runs for every offered offering of every offersFor call. All
 * amounts share `currency` (a snapshot holds one currency), so totals add plain integers.
 */
export function toChannelPrice(
  currency: string,
  basePrices: BasePrice[],
  charges: PricedCharge[],
): ChannelPrice {
  const alterations: AppliedAdjustment[] = [];
  const promotions: AppliedAdjustment[] = [];
  let oneTime = 0;
  let recurring = 0;
  for (const charge of charges) {
    if (charge.chargeType === 'oneTime') oneTime += charge.amount.amount;
    else recurring += charge.amount.amount;
    for (const adjustment of charge.adjustments) {
      if (adjustment.source === 'channel') alterations.push(adjustment);
      else if (adjustment.source === 'promotion') promotions.push(adjustment);
    }
  }
  return {
    currency,
    basePrices,
    charges,
    alterations,
    promotions,
    oneTime: money(oneTime, currency),
    recurring: money(recurring, currency),
  };
}
