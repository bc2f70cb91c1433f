import type { Channel } from '../shared/channel';
import { AppError } from '../shared/errors';
import { multiplyMoney, sumMoney } from '../shared/money';
import type { Money } from '../shared/money';
import type { CatalogSnapshot } from '../catalog/catalog-snapshot';
import type { CharacteristicSelection } from '../catalog/characteristics';
import type { CustomerContext } from '../catalog/customer-context';
import type { ChargeType } from '../catalog/discount';
import { applyDiscounts } from '../catalog/price-calculation';
import type { AppliedAdjustment, BasePrice } from '../catalog/price-calculation';
import type { CharacteristicValue } from '../catalog/product-specification';
import { agentDiscountFor, defaultAgentDiscountLimits } from './pricing-agent-discount';
import type { AgentDiscount, AgentDiscountLimits } from './pricing-agent-discount';

export const cartItemActions = ['add', 'modify', 'delete'] as const;
export type CartItemAction = (typeof cartItemActions)[number];

export interface CartItemInput {
  id: string;
  offeringId: string;
  action: CartItemAction;
  quantity: number;
  characteristics: Readonly<Record<string, CharacteristicValue>>;
  agentDiscount?: AgentDiscount;
}

export interface PriceCartInput {
  items: readonly CartItemInput[];
  channel: Channel;
  customer: CustomerContext;
  campaignId?: string;
  now: Date;
  snapshot: CatalogSnapshot;
  agentDiscountLimits?: AgentDiscountLimits;
}

/** One charge of one item: `unit` after every adjustment, `line` = unit × quantity. */
export interface ChargeLine {
  priceId: string;
  name: string;
  chargeType: ChargeType;
  base: Money;
  adjustments: AppliedAdjustment[];
  unit: Money;
  line: Money;
}

export interface ChargeSplit {
  oneTime: Money;
  /** Per month. */
  recurring: Money;
}

export interface CartPriceLine {
  itemId: string;
  offeringId: string;
  offeringName: string;
  action: CartItemAction;
  quantity: number;
  characteristics: CharacteristicSelection;
  basePrices: BasePrice[];
  charges: ChargeLine[];
  alterations: AppliedAdjustment[];
  promotions: AppliedAdjustment[];
  agentDiscounts: AppliedAdjustment[];
  unit: ChargeSplit;
  line: ChargeSplit;
}

export interface CartPrice {
  currency: string;
  lines: CartPriceLine[];
  totals: ChargeSplit;
}

function split(
  charges: readonly ChargeLine[],
  pick: 'unit' | 'line',
  currency: string,
): ChargeSplit {
  const total = (chargeType: ChargeType): Money =>
    sumMoney(
      currency,
      charges.filter((charge) => charge.chargeType === chargeType).map((charge) => charge[pick]),
    );
  return { oneTime: total('oneTime'), recurring: total('recurring') };
}

function assertWellFormed(items: readonly CartItemInput[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) {
      throw new AppError('VALIDATION_FAILED', `Cart item ${item.id} appears more than once`, {
        itemId: item.id,
      });
    }
    seen.add(item.id);
    if (item.action !== 'delete' && (!Number.isInteger(item.quantity) || item.quantity < 1)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Quantity of cart item ${item.id} must be a whole number of at least 1`,
        {
          itemId: item.id,
          quantity: item.quantity,
        },
      );
    }
  }
}

/** A removal: listed so the customer sees it, but it adds nothing to pay. */
function deletionLine(item: CartItemInput, offeringName: string, currency: string): CartPriceLine {
  const zero = split([], 'unit', currency);
  return {
    itemId: item.id,
    offeringId: item.offeringId,
    offeringName,
    action: item.action,
    quantity: item.quantity,
    characteristics: item.characteristics,
    basePrices: [],
    charges: [],
    alterations: [],
    promotions: [],
    agentDiscounts: [],
    unit: zero,
    line: zero,
  };
}

function priceLine(item: CartItemInput, input: PriceCartInput, currency: string): CartPriceLine {
  const { snapshot, channel } = input;
  const offeringName = snapshot.offering(item.offeringId)?.name ?? item.offeringId;
  if (item.action === 'delete') return deletionLine(item, offeringName, currency);

  const { characteristics, price } = snapshot.priceConfiguration({
    offeringId: item.offeringId,
    characteristics: item.characteristics,
    channel,
    customer: input.customer,
    now: input.now,
    ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
  });
  const limits = input.agentDiscountLimits ?? defaultAgentDiscountLimits;
  const charges = item.agentDiscount
    ? applyDiscounts(price.charges, [
        agentDiscountFor(item.id, item.agentDiscount, channel, limits, price.charges),
      ])
    : price.charges;
  const chargeLines = charges.map((charge): ChargeLine => ({
    priceId: charge.priceId,
    name: charge.name,
    chargeType: charge.chargeType,
    base: charge.base,
    adjustments: charge.adjustments,
    unit: charge.amount,
    line: multiplyMoney(charge.amount, item.quantity),
  }));
  const adjustments = chargeLines.flatMap((charge) => charge.adjustments);
  return {
    itemId: item.id,
    offeringId: item.offeringId,
    offeringName,
    action: item.action,
    quantity: item.quantity,
    characteristics,
    basePrices: price.basePrices,
    charges: chargeLines,
    alterations: adjustments.filter((adjustment) => adjustment.source === 'channel'),
    promotions: adjustments.filter((adjustment) => adjustment.source === 'promotion'),
    agentDiscounts: adjustments.filter((adjustment) => adjustment.source === 'agent'),
    unit: split(chargeLines, 'unit', currency),
    line: split(chargeLines, 'line', currency),
  };
}

/**
 * The one pricing engine for carts on every channel: per-item charges with channel alterations,
 * promotions and agent discounts, and cart totals split into one-time and monthly recurring.
 * A `modify` item is priced as its new configuration. Whether an item may be sold at all is the
 * cart's concern (`snapshot.offerFor`); this only prices it.
 */
export function priceCart(input: PriceCartInput): CartPrice {
  const currency = input.snapshot.currency;
  if (currency === undefined) {
    throw new AppError('UNPROCESSABLE', 'The catalog has no prices, so no cart can be priced');
  }
  assertWellFormed(input.items);
  const lines = input.items.map((item) => priceLine(item, input, currency));
  const totalOf = (chargeType: ChargeType): Money =>
    sumMoney(
      currency,
      lines.map((line) => line.line[chargeType]),
    );
  return {
    currency,
    lines,
    totals: { oneTime: totalOf('oneTime'), recurring: totalOf('recurring') },
  };
}
