import { isStaffChannel } from '../shared/channel';
import type { CatalogSnapshot } from '../catalog/catalog-snapshot';
import type { CustomerContext } from '../catalog/customer-context';
import type { ChargeType } from '../catalog/discount';
import { applyDiscounts } from '../catalog/price-calculation';
import type { PricedCharge } from '../catalog/price-calculation';
import type { Channel } from '../shared/channel';
import { isAppError } from '../shared/errors';
import { sumMoney } from '../shared/money';
import { lineCharges, priceCart } from './pricing';
import type { CartItemInput, CartPrice, CartPriceLine } from './pricing';
import { agentDiscountFor, defaultAgentDiscountLimits } from './pricing-agent-discount';
import type { AgentDiscount, AgentDiscountLimits } from './pricing-agent-discount';

export interface CartPricingRequest {
  items: readonly CartItemInput[];
  channel: Channel;
  customer: CustomerContext;
  now: Date;
  snapshot: CatalogSnapshot;
  agentDiscountLimits?: AgentDiscountLimits;
}

/** An item that can no longer be priced (retired offering, price ended): shown, never charged. */
export interface CartItemProblem {
  itemId: string;
  code: string;
  message: string;
}

export interface PricedItems {
  price: CartPrice;
  problems: CartItemProblem[];
}

/** Re-applies a goodwill discount granted on the agent channel to a line priced for another channel. */
function withGrantedDiscount(
  line: CartPriceLine,
  discount: AgentDiscount,
  limits: AgentDiscountLimits,
  currency: string,
): CartPriceLine {
  const charges: PricedCharge[] = line.charges.map((charge) => ({
    priceId: charge.priceId,
    name: charge.name,
    chargeType: charge.chargeType,
    base: charge.base,
    adjustments: charge.adjustments,
    amount: charge.unit,
  }));
  // The limit check is the one made when the agent granted it, hence the agent channel.
  const granted = agentDiscountFor(line.itemId, discount, 'agent', limits, charges);
  const priced = lineCharges(applyDiscounts(charges, [granted]), line.quantity, currency);
  return {
    ...line,
    ...priced,
    agentDiscounts: priced.charges
      .flatMap((charge) => charge.adjustments)
      .filter((adjustment) => adjustment.source === 'agent'),
  };
}

/**
 * `priceCart` for any channel. An agent discount is granted on the agent channel but belongs to the
 * item: when the customer reopens the cart in self-care it must still apply, priced on top of that
 * channel's own alterations, instead of making the whole cart unpriceable.
 */
export function priceItems(request: CartPricingRequest): CartPrice {
  const { items, channel } = request;
  if (isStaffChannel(channel) || items.every((item) => item.agentDiscount === undefined)) {
    return priceCart(request);
  }
  const withoutDiscounts = items.map((item) => {
    const plain: CartItemInput = { ...item };
    delete plain.agentDiscount;
    return plain;
  });
  const plain = priceCart({ ...request, items: withoutDiscounts });
  const limits = request.agentDiscountLimits ?? defaultAgentDiscountLimits;
  const lines = plain.lines.map((line, index) => {
    const discount = items[index]?.agentDiscount;
    return discount && line.action !== 'delete'
      ? withGrantedDiscount(line, discount, limits, plain.currency)
      : line;
  });
  const totalOf = (chargeType: ChargeType) =>
    sumMoney(
      plain.currency,
      lines.map((line) => line.line[chargeType]),
    );
  return {
    currency: plain.currency,
    lines,
    totals: { oneTime: totalOf('oneTime'), recurring: totalOf('recurring') },
  };
}

/**
 * Prices a stored cart for reading: an item the catalog no longer supports is reported as a problem
 * and left out of the totals, so one retired offering never makes the whole cart unreadable.
 */
export function priceForReading(request: CartPricingRequest): PricedItems {
  try {
    return { price: priceItems(request), problems: [] };
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
  const problems: CartItemProblem[] = [];
  const priceable = request.items.filter((item) => {
    try {
      priceItems({ ...request, items: [item] });
      return true;
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.push({ itemId: item.id, code: error.code, message: error.message });
      return false;
    }
  });
  return { price: priceItems({ ...request, items: priceable }), problems };
}
