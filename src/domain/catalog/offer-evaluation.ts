import type { Channel } from '../shared/channel';
import { toChannelPrice } from './channel-price';
import type { ChannelPrice } from './channel-price';
import type { CharacteristicSelection } from './characteristics';
import { conflictsWith, requirementsMet } from './compatibility';
import type { CustomerContext } from './customer-context';
import type { EligibilityCheck } from './eligibility';
import type { IndexedOffering } from './catalog-index';
import { offerReasons } from './offer-reasons';
import type { OfferReason } from './offer-reasons';
import { applyDiscounts, chargesOf } from './price-calculation';
import type { BasePrice, Discount } from './price-calculation';
import type { ProductOffering } from './product-offering';
import { isWithinWindow } from './time-period';

export interface OfferRequest {
  channel: Channel;
  customer: CustomerContext;
  /**
   * The campaign this session came from (a tracked link). It counts as one of the customer's
   * campaigns; callers pass it only once the link has been verified as sent to this customer.
   */
  campaignId?: string;
  now: Date;
  /** Offering ids already in the customer's cart: they satisfy `requires` and trigger `excludes`. */
  cart?: readonly string[];
}

export type OfferDecision =
  | { offering: ProductOffering; offered: true; price: ChannelPrice; reasons: string[] }
  | { offering: ProductOffering; offered: false; whyNot: OfferReason[] };

/** The request with its sets built once, shared by every offering evaluated for it. */
export interface PreparedRequest {
  readonly channel: Channel;
  readonly nowMs: number;
  readonly customer: CustomerContext;
  readonly campaigns: ReadonlySet<string>;
  readonly subscribed: ReadonlySet<string>;
  readonly held: ReadonlySet<string>;
  /** Offerings with identical rules share a check, so each distinct rule runs once per request. */
  readonly eligibilityResults: Map<EligibilityCheck, boolean>;
}

export function prepareRequest(request: OfferRequest): PreparedRequest {
  const { customer, campaignId } = request;
  const campaigns = new Set(customer.campaignIds);
  if (campaignId !== undefined) campaigns.add(campaignId);
  const subscribed = new Set([...customer.currentPlanIds, ...customer.subscriptionOfferingIds]);
  return {
    channel: request.channel,
    nowMs: request.now.getTime(),
    customer:
      campaigns.size === customer.campaignIds.length
        ? customer
        : { ...customer, campaignIds: [...campaigns] },
    campaigns,
    subscribed,
    held: new Set([...subscribed, ...(request.cart ?? [])]),
    eligibilityResults: new Map(),
  };
}

function isEligible(check: EligibilityCheck, prepared: PreparedRequest): boolean {
  let result = prepared.eligibilityResults.get(check);
  if (result === undefined) {
    result = check.test(prepared.customer);
    prepared.eligibilityResults.set(check, result);
  }
  return result;
}

function priceFits(
  requiredValues: ReadonlyMap<string, ReadonlySet<string>>,
  selection: CharacteristicSelection,
): boolean {
  if (requiredValues.size === 0) return true;
  for (const [name, accepted] of requiredValues) {
    const chosen = selection[name];
    if (chosen === undefined || !accepted.has(String(chosen))) return false;
  }
  return true;
}

/** Prices that are on sale, valid now, and fit the configuration (e.g. the 20 GB price of Data Boost). */
export function selectBasePrices(
  indexed: IndexedOffering,
  selection: CharacteristicSelection,
  nowMs: number,
): BasePrice[] {
  const selected: BasePrice[] = [];
  for (const price of indexed.prices) {
    if (
      price.sellable &&
      isWithinWindow(price.window, nowMs) &&
      priceFits(price.requiredValues, selection)
    ) {
      selected.push(price.base);
    }
  }
  return selected;
}

/** Sorted by id so stacked promotions always apply in the same order, whatever order storage returned. */
export function applicablePromotions(
  indexed: IndexedOffering,
  prepared: PreparedRequest,
): Discount[] {
  if (indexed.promotions.length === 0) return [];
  return indexed.promotions
    .filter(
      (promotion) =>
        isWithinWindow(promotion.window, prepared.nowMs) &&
        (promotion.campaignId === undefined || prepared.campaigns.has(promotion.campaignId)) &&
        (promotion.channels === undefined || promotion.channels.has(prepared.channel)),
    )
    .map((promotion) => promotion.discount)
    .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
}

/** Undefined when no price applies: an offer without a price must never be shown as free. */
export function channelPriceFor(
  indexed: IndexedOffering,
  selection: CharacteristicSelection,
  prepared: PreparedRequest,
): ChannelPrice | undefined {
  return priceOf(
    indexed,
    selectBasePrices(indexed, selection, prepared.nowMs),
    applicablePromotions(indexed, prepared),
    prepared.channel,
  );
}

function priceOf(
  indexed: IndexedOffering,
  basePrices: BasePrice[],
  promotions: Discount[],
  channel: Channel,
): ChannelPrice | undefined {
  const first = basePrices[0];
  if (!first) return undefined;
  const alterations = indexed.alterationsByChannel.get(channel) ?? [];
  const discounts = promotions.length === 0 ? alterations : [...alterations, ...promotions];
  const charges = applyDiscounts(chargesOf(basePrices), discounts);
  return toChannelPrice(first.amount.currency, basePrices, charges);
}

/**
 * The price shown in offersFor, reused across requests: with the same channel, prices and promotions
 * the result is identical, and most of a catalog's offerings hit the same few combinations. Frozen,
 * because every caller receives the same object.
 */
function defaultPriceFor(
  indexed: IndexedOffering,
  prepared: PreparedRequest,
): ChannelPrice | undefined {
  const basePrices = selectBasePrices(indexed, indexed.defaults, prepared.nowMs);
  if (basePrices.length === 0) return undefined;
  const promotions = applicablePromotions(indexed, prepared);
  let key: string = prepared.channel;
  for (const price of basePrices) key += `|${price.priceId}`;
  for (const promotion of promotions) key += `|${promotion.sourceId}`;
  let price = indexed.defaultPrices.get(key);
  if (!price) {
    price = priceOf(indexed, basePrices, promotions, prepared.channel);
    if (!price) return undefined;
    indexed.defaultPrices.set(key, deepFreeze(price));
  }
  return price;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Whether anything about the catalog or the channel rules the offering out, before looking at the customer. */
function passesCatalogGates(indexed: IndexedOffering, prepared: PreparedRequest): boolean {
  return (
    indexed.sellableStatus &&
    isWithinWindow(indexed.window, prepared.nowMs) &&
    indexed.visibleOn.has(prepared.channel)
  );
}

/** Reasons that depend only on the catalog and the channel: when any holds, customer checks are noise. */
function catalogReasons(indexed: IndexedOffering, prepared: PreparedRequest): OfferReason[] {
  const { offering } = indexed;
  const reasons: OfferReason[] = [];
  if (!indexed.sellableStatus)
    reasons.push(offerReasons.notActive(offering.name, offering.lifecycleStatus));
  if (!isWithinWindow(indexed.window, prepared.nowMs))
    reasons.push(offerReasons.outsideValidity(offering.name));
  if (!indexed.visibleOn.has(prepared.channel))
    reasons.push(offerReasons.notOnChannel(offering.name, prepared.channel));
  return reasons;
}

function customerReasons(
  indexed: IndexedOffering,
  prepared: PreparedRequest,
  nameOf: (offeringId: string) => string,
): OfferReason[] {
  const { offering } = indexed;
  const reasons: OfferReason[] = [];
  if (!indexed.sellableOn.has(prepared.channel)) {
    reasons.push(
      offerReasons.notSellableOnChannel(
        offering.name,
        prepared.channel,
        offering.channelRules.sellableOn,
      ),
    );
  }
  if (prepared.subscribed.has(offering.id))
    reasons.push(offerReasons.alreadySubscribed(offering.name, offering.id));
  if (indexed.eligibility && !isEligible(indexed.eligibility, prepared)) {
    reasons.push(offerReasons.ineligible(offering.name, offering.eligibilityDescription));
  }
  if (!requirementsMet(indexed.requires, prepared.held)) {
    reasons.push(
      offerReasons.requiresMissing(offering.name, indexed.requires, indexed.requires.map(nameOf)),
    );
  }
  const conflicts = conflictsWith(indexed.excludes, prepared.held);
  if (conflicts.length > 0)
    reasons.push(offerReasons.excludedBy(offering.name, conflicts, conflicts.map(nameOf)));
  return reasons;
}

function offeredBecause(
  indexed: IndexedOffering,
  prepared: PreparedRequest,
  price: ChannelPrice,
): string[] {
  const reasons = [`Can be ordered on ${prepared.channel}`];
  if (indexed.eligibility) {
    const description = indexed.offering.eligibilityDescription;
    reasons.push(description ? `Eligible: ${description}` : 'Eligibility conditions met');
  }
  if (indexed.requires.length > 0) reasons.push('Required subscription in place');
  // A discount on 'all' adjusts several charges; mention it once.
  const applied = new Set(
    [...price.alterations, ...price.promotions].map((adjustment) => adjustment.name),
  );
  for (const name of applied) reasons.push(`${name} applied`);
  return reasons;
}

export function evaluateOffering(
  indexed: IndexedOffering,
  prepared: PreparedRequest,
  nameOf: (offeringId: string) => string,
): OfferDecision {
  const { offering } = indexed;
  if (!passesCatalogGates(indexed, prepared)) {
    return { offering, offered: false, whyNot: catalogReasons(indexed, prepared) };
  }
  const whyNot = customerReasons(indexed, prepared, nameOf);
  if (whyNot.length > 0) return { offering, offered: false, whyNot };
  const price = defaultPriceFor(indexed, prepared);
  if (!price) return { offering, offered: false, whyNot: [offerReasons.notPriced(offering.name)] };
  return { offering, offered: true, price, reasons: offeredBecause(indexed, prepared, price) };
}
