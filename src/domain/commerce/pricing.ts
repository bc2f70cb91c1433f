import type { Channel } from '../shared/channel';
import { AppError } from '../shared/errors';
import { multiplyMoney, sumMoney } from '../shared/money';
import type { Money } from '../shared/money';
import type { CatalogSnapshot, ConfigurationPricer } from '../catalog/catalog-snapshot';
import type { CharacteristicSelection } from '../catalog/characteristics';
import type { CustomerContext } from '../catalog/customer-context';
import type { OfferRequest } from '../catalog/offer-evaluation';
import type { ChargeType } from '../catalog/discount';
import { applyDiscounts } from '../catalog/price-calculation';
import type { AppliedAdjustment, BasePrice, PricedCharge } from '../catalog/price-calculation';
import type { PricedOption } from '../catalog/catalog-index';
import type { ChannelPrice } from '../catalog/channel-price';
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

export interface LineCharges {
  charges: ChargeLine[];
  unit: ChargeSplit;
  line: ChargeSplit;
}

/** One item's charge lines (unit and × quantity) and their one-time/recurring split. */
export function lineCharges(
  charges: readonly PricedCharge[],
  quantity: number,
  currency: string,
): LineCharges {
  const chargeLines = charges.map((charge): ChargeLine => ({
    priceId: charge.priceId,
    name: charge.name,
    chargeType: charge.chargeType,
    base: charge.base,
    adjustments: charge.adjustments,
    unit: charge.amount,
    line: multiplyMoney(charge.amount, quantity),
  }));
  return {
    charges: chargeLines,
    unit: split(chargeLines, 'unit', currency),
    line: split(chargeLines, 'line', currency),
  };
}

/**
 * Charge lines of a shared (frozen) catalog price, per quantity: the same price at the same quantity
 * always makes the same lines, so they are built once, frozen, and kept with the price. Bounded.
 */
const maxQuantitiesPerPrice = 16;

function lineChargesOf(
  price: ChannelPrice,
  shared: PricedOption | undefined,
  quantity: number,
  currency: string,
): LineCharges {
  if (shared === undefined) return lineCharges(price.charges, quantity, currency);
  let cached = shared.byQuantity?.get(quantity) as LineCharges | undefined;
  if (cached === undefined) {
    cached = lineCharges(price.charges, quantity, currency);
    for (const charge of cached.charges) Object.freeze(charge);
    Object.freeze(cached.charges);
    for (const chargeSplit of [cached.unit, cached.line]) {
      Object.freeze(chargeSplit.oneTime);
      Object.freeze(chargeSplit.recurring);
      Object.freeze(chargeSplit);
    }
    Object.freeze(cached);
    const byQuantity = (shared.byQuantity ??= new Map());
    if (byQuantity.size < maxQuantitiesPerPrice) byQuantity.set(quantity, cached);
  }
  return cached;
}

function priceLine(
  item: CartItemInput,
  input: PriceCartInput,
  currency: string,
  pricer: ConfigurationPricer,
): CartPriceLine {
  if (item.action === 'delete') {
    const offeringName = input.snapshot.offering(item.offeringId)?.name ?? item.offeringId;
    return deletionLine(item, offeringName, currency);
  }
  // Throws NOT_FOUND for an offering the catalog does not have.
  const { offering, characteristics, price, shared } = pricer.price(
    item.offeringId,
    item.characteristics,
  );
  const offeringName = offering.name;
  if (!item.agentDiscount) {
    // Without agent goodwill the line is the catalog price times the quantity: every adjustment on
    // it is a channel alteration or a promotion, exactly the lists the price already holds.
    const { charges, unit, line } = lineChargesOf(price, shared, item.quantity, currency);
    return {
      itemId: item.id,
      offeringId: item.offeringId,
      offeringName,
      action: item.action,
      quantity: item.quantity,
      characteristics,
      basePrices: price.basePrices,
      charges,
      alterations: price.alterations,
      promotions: price.promotions,
      agentDiscounts: [],
      unit,
      line,
    };
  }
  const limits = input.agentDiscountLimits ?? defaultAgentDiscountLimits;
  const charges = applyDiscounts(price.charges, [
    agentDiscountFor(item.id, item.agentDiscount, input.channel, limits, price.charges),
  ]);
  const { charges: chargeLines, unit, line } = lineCharges(charges, item.quantity, currency);
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
    unit,
    line,
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
  const request: OfferRequest = {
    channel: input.channel,
    customer: input.customer,
    now: input.now,
  };
  if (input.campaignId !== undefined) request.campaignId = input.campaignId;
  // One preparation of the request for the whole cart.
  const pricer = input.snapshot.configurationPricer(request);
  const lines: CartPriceLine[] = [];
  for (const item of input.items) lines.push(priceLine(item, input, currency, pricer));
  return {
    currency,
    lines,
    totals: {
      oneTime: sumMoney(
        currency,
        lines.map((line) => line.line.oneTime),
      ),
      recurring: sumMoney(
        currency,
        lines.map((line) => line.line.recurring),
      ),
    },
  };
}
