import type { Channel } from '../shared/channel';
import { catalogChannelOf, isChannel } from '../shared/channel';
import { toChannelPrice } from './channel-price';
import type { ChannelPrice } from './channel-price';
import { resolveCharacteristics } from './characteristics';
import type { CharacteristicSelection } from './characteristics';
import { conflictsWith, requirementsMet } from './compatibility';
import type { CustomerContext } from './customer-context';
import type { EligibilityCheck } from './eligibility';
import { fitMaskOf, maskBits, priceFits } from './catalog-index';
import type {
  ChannelView,
  ConfigurationCache,
  ConfigurationNode,
  IndexedOffering,
  IndexedPromotion,
  PricedOption,
  ResolvedConfiguration,
} from './catalog-index';
import { offerReasons } from './offer-reasons';
import type { OfferReason } from './offer-reasons';
import { applyDiscounts, chargesOf } from './price-calculation';
import type { BasePrice, Discount } from './price-calculation';
import type { ProductOffering } from './product-offering';
import type { CharacteristicValue } from './product-specification';
import { isWithinWindow } from './time-period';

// Module-local bindings of imported helpers used per offering (no re-export lookup per call).
const withinWindow = isWithinWindow;
const promotionShift = maskBits;

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
  const { customer, campaignId, cart } = request;
  const campaigns = new Set(customer.campaignIds);
  if (campaignId !== undefined) campaigns.add(campaignId);
  const subscribed = new Set(customer.currentPlanIds);
  for (const id of customer.subscriptionOfferingIds) subscribed.add(id);
  let held: Set<string> = subscribed;
  if (cart !== undefined && cart.length > 0) {
    held = new Set(subscribed);
    for (const id of cart) held.add(id);
  }
  return {
    // A channel the catalog names no rules for sells as the one it is read as (WhatsApp as SMS).
    channel: catalogChannelOf(request.channel),
    nowMs: request.now.getTime(),
    customer:
      campaigns.size === customer.campaignIds.length
        ? customer
        : { ...customer, campaignIds: [...campaigns] },
    campaigns,
    subscribed,
    // Read-only sets: without a cart, what is held is exactly what is subscribed.
    held,
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
  const applicable: Discount[] = [];
  for (const promotion of indexed.promotionsInOrder) {
    if (promotionApplies(promotion, prepared)) applicable.push(promotion.discount);
  }
  return applicable;
}

function promotionApplies(promotion: IndexedPromotion, prepared: PreparedRequest): boolean {
  return (
    withinWindow(promotion.window, prepared.nowMs) &&
    (promotion.campaignId === undefined || prepared.campaigns.has(promotion.campaignId)) &&
    (promotion.channels === undefined || promotion.channels.has(prepared.channel))
  );
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

/**
 * The reference evaluation: the rules written out plainly, one decision built per call. Production
 * takes `evaluateOffering` (the cached path below), which falls back to this for channels outside the
 * known set and offerings with too many prices or promotions for a bit mask. The two are proved to
 * agree by a differential test over generated catalogs
 * (test/unit/domain/catalog/offer-evaluation-differential.test.ts).
 */
export function evaluateOfferingReference(
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

// ---------------------------------------------------------------------------------------------
// Cached paths. Everything that does not depend on the customer is computed once per offering and
// channel; a price is computed once per combination of channel, applicable prices and applicable
// promotions, and shared (frozen) by every request that hits the same combination. They give the
// same results as the reference functions above, which remain the path for anything unusual.

/** Bounds per offering and channel, so odd traffic cannot grow a snapshot without limit. */
const maxPricedPerChannel = 256;

const maxConfigurations = 64;

function frozenReason(reason: OfferReason): OfferReason {
  if (reason.related) Object.freeze(reason.related);
  return Object.freeze(reason);
}

function channelView(indexed: IndexedOffering, channel: Channel): ChannelView | undefined {
  const views = indexed.channelViews;
  let view = views[channel];
  // The channel check also keeps inherited names such as `__proto__` from being taken for a view.
  if (view === undefined || view.channel !== channel) {
    if (!indexed.maskable || !isChannel(channel)) return undefined;
    view = {
      channel,
      visible: indexed.visibleOn.has(channel),
      sellable: indexed.sellableOn.has(channel),
      priced: new Map(),
      notOnChannel: undefined,
      notSellableOnChannel: undefined,
      catalogRefusals: [undefined, undefined],
      customerRefusals: [],
      refusalsNameOf: undefined,
      notPriced: undefined,
    };
    views[channel] = view;
  }
  return view;
}

/** Bit mask of the prices valid at `nowMs`. */
function validPriceMask(indexed: IndexedOffering, nowMs: number): number {
  let mask = 0;
  const { prices } = indexed;
  for (let index = 0; index < prices.length; index++) {
    if (withinWindow(prices[index]!.window, nowMs)) mask |= 1 << index;
  }
  return mask;
}

/**
 * The price of the prices in `fitMask` that are valid now, with the channel's alterations and the
 * promotions that apply to this request; undefined when no price applies. Only for maskable offerings.
 */
function pricedOption(
  indexed: IndexedOffering,
  view: ChannelView,
  fitMask: number,
  prepared: PreparedRequest,
): PricedOption | undefined {
  const priceMask = indexed.pricesDated
    ? fitMask & validPriceMask(indexed, prepared.nowMs)
    : fitMask;
  if (priceMask === 0) return undefined;
  const promotions = indexed.promotionsInOrder;
  let promotionMask = 0;
  for (let index = 0; index < promotions.length; index++) {
    if (promotionApplies(promotions[index]!, prepared)) promotionMask |= 1 << index;
  }
  const key = (priceMask << promotionShift) | promotionMask;
  let option = view.priced.get(key);
  if (option === undefined) {
    const basePrices: BasePrice[] = [];
    for (let index = 0; index < indexed.prices.length; index++) {
      if (priceMask & (1 << index)) basePrices.push(indexed.prices[index]!.base);
    }
    const discounts: Discount[] = [];
    for (let index = 0; index < promotions.length; index++) {
      if (promotionMask & (1 << index)) discounts.push(promotions[index]!.discount);
    }
    const price = priceOf(indexed, basePrices, discounts, view.channel);
    if (!price) return undefined;
    option = {
      price: deepFreeze(price),
      byQuantity: undefined,
      offered: undefined,
    };
    if (view.priced.size < maxPricedPerChannel) view.priced.set(key, option);
  }
  return option;
}

function requiresMissingReason(
  indexed: IndexedOffering,
  nameOf: (offeringId: string) => string,
): OfferReason {
  const cached = indexed.staticReasons.requiresMissing;
  if (cached && cached.nameOf === nameOf) return cached.reason;
  const { offering, requires } = indexed;
  const reason = frozenReason(
    offerReasons.requiresMissing(offering.name, requires, requires.map(nameOf)),
  );
  indexed.staticReasons.requiresMissing = { nameOf, reason };
  return reason;
}

function refusal(offering: ProductOffering, whyNot: OfferReason[]): OfferDecision {
  Object.freeze(whyNot);
  return Object.freeze({ offering, offered: false, whyNot });
}

function catalogRefusal(indexed: IndexedOffering, view: ChannelView, inWindow: boolean) {
  const { offering, staticReasons } = indexed;
  const whyNot: OfferReason[] = [];
  if (!indexed.sellableStatus) {
    whyNot.push(
      (staticReasons.notActive ??= frozenReason(
        offerReasons.notActive(offering.name, offering.lifecycleStatus),
      )),
    );
  }
  if (!inWindow) {
    whyNot.push(
      (staticReasons.outsideValidity ??= frozenReason(offerReasons.outsideValidity(offering.name))),
    );
  }
  if (!view.visible) {
    whyNot.push(
      (view.notOnChannel ??= frozenReason(offerReasons.notOnChannel(offering.name, view.channel))),
    );
  }
  return refusal(offering, whyNot);
}

// Customer reasons that do not depend on what else the customer holds, as bits of a refusal key.
const notSellableBit = 1;
const subscribedBit = 2;
const ineligibleBit = 4;
const requiresMissingBit = 8;

/** The reasons in `bits`, in the order the reference evaluation lists them. */
function customerReasonList(
  indexed: IndexedOffering,
  view: ChannelView,
  bits: number,
  nameOf: (offeringId: string) => string,
): OfferReason[] {
  const { offering, staticReasons } = indexed;
  const whyNot: OfferReason[] = [];
  if (bits & notSellableBit) {
    whyNot.push(
      (view.notSellableOnChannel ??= frozenReason(
        offerReasons.notSellableOnChannel(
          offering.name,
          view.channel,
          offering.channelRules.sellableOn,
        ),
      )),
    );
  }
  if (bits & subscribedBit) {
    whyNot.push(
      (staticReasons.alreadySubscribed ??= frozenReason(
        offerReasons.alreadySubscribed(offering.name, offering.id),
      )),
    );
  }
  if (bits & ineligibleBit) {
    whyNot.push(
      (staticReasons.ineligible ??= frozenReason(
        offerReasons.ineligible(offering.name, offering.eligibilityDescription),
      )),
    );
  }
  if (bits & requiresMissingBit) whyNot.push(requiresMissingReason(indexed, nameOf));
  return whyNot;
}

function customerRefusal(
  indexed: IndexedOffering,
  view: ChannelView,
  bits: number,
  nameOf: (offeringId: string) => string,
): OfferDecision {
  if (view.refusalsNameOf !== nameOf) {
    view.customerRefusals = [];
    view.refusalsNameOf = nameOf;
  }
  return (view.customerRefusals[bits] ??= refusal(
    indexed.offering,
    customerReasonList(indexed, view, bits, nameOf),
  ));
}

/**
 * Same decisions, reasons and prices as the reference evaluation. Decisions are frozen and shared
 * between requests whenever they do not depend on what else the customer holds (all offered
 * decisions, and most refusals).
 */
export function evaluateOffering(
  indexed: IndexedOffering,
  prepared: PreparedRequest,
  nameOf: (offeringId: string) => string,
): OfferDecision {
  const view = channelView(indexed, prepared.channel);
  if (view === undefined) return evaluateOfferingReference(indexed, prepared, nameOf);
  const { offering } = indexed;
  const inWindow = withinWindow(indexed.window, prepared.nowMs);
  if (!indexed.sellableStatus || !inWindow || !view.visible) {
    const slot = inWindow ? 1 : 0;
    return (view.catalogRefusals[slot] ??= catalogRefusal(indexed, view, inWindow));
  }

  let bits = 0;
  if (!view.sellable) bits |= notSellableBit;
  if (prepared.subscribed.has(offering.id)) bits |= subscribedBit;
  if (indexed.eligibility && !isEligible(indexed.eligibility, prepared)) bits |= ineligibleBit;
  if (!requirementsMet(indexed.requires, prepared.held)) bits |= requiresMissingBit;
  if (indexed.excludes.length > 0) {
    const conflicts = conflictsWith(indexed.excludes, prepared.held);
    if (conflicts.length > 0) {
      // Depends on what the customer holds: built for this request only.
      const whyNot = customerReasonList(indexed, view, bits, nameOf);
      whyNot.push(offerReasons.excludedBy(offering.name, conflicts, conflicts.map(nameOf)));
      return { offering, offered: false, whyNot };
    }
  }
  if (bits !== 0) return customerRefusal(indexed, view, bits, nameOf);

  const option = pricedOption(indexed, view, indexed.defaultFitMask, prepared);
  if (option === undefined) {
    return (view.notPriced ??= refusal(offering, [
      (indexed.staticReasons.notPriced ??= frozenReason(offerReasons.notPriced(offering.name))),
    ]));
  }
  return (option.offered ??= Object.freeze({
    offering,
    offered: true,
    price: option.price,
    reasons: Object.freeze(offeredBecause(indexed, prepared, option.price)),
  }) as OfferDecision);
}

/**
 * Where a request's configuration sits in the cache, creating the path when `create` is set; undefined
 * when it is not cached, or for anything unusual (then it is resolved without the cache). Each
 * (name, value) pair is one step, in request order, so the exact request is what is matched.
 */
function configurationNode(
  cache: ConfigurationCache,
  requested: Readonly<Record<string, CharacteristicValue>>,
  create: boolean,
): ConfigurationNode | undefined {
  let node = cache.root;
  for (const name of Object.keys(requested)) {
    if (name === '__proto__') return undefined;
    const value: unknown = requested[name];
    // -0 and 0 are one Map key but may resolve differently: leave -0 to the uncached path.
    if (typeof value !== 'string' && (typeof value !== 'number' || Object.is(value, -0))) {
      return undefined;
    }
    let byValue = node.next?.get(name);
    let child = byValue?.get(value);
    if (child === undefined) {
      if (!create) return undefined;
      child = { resolved: undefined, next: undefined };
      if (byValue === undefined) {
        byValue = new Map();
        (node.next ??= new Map()).set(name, byValue);
      }
      byValue.set(value, child);
    }
    node = child;
  }
  return node;
}

/** resolveCharacteristics, remembered per offering: the same request always resolves the same way. */
function resolveConfiguration(
  indexed: IndexedOffering,
  requested: Readonly<Record<string, CharacteristicValue>>,
): ResolvedConfiguration {
  const cache = indexed.configurations;
  const cached = configurationNode(cache, requested, false)?.resolved;
  if (cached) return cached;
  const selection = Object.freeze(
    resolveCharacteristics(indexed.offering.name, indexed.specification, requested),
  );
  const resolved = { selection, fitMask: fitMaskOf(indexed.prices, selection) };
  if (cache.size < maxConfigurations) {
    const node = configurationNode(cache, requested, true);
    if (node) {
      node.resolved = resolved;
      cache.size++;
    }
  }
  return resolved;
}

export interface ConfiguredChannelPrice {
  offering: ProductOffering;
  characteristics: CharacteristicSelection;
  /** Undefined when no price applies to this configuration at this date. */
  price: ChannelPrice | undefined;
  /** The shared, cached entry `price` comes from; undefined when it was computed just for this call. */
  shared: PricedOption | undefined;
}

/** Prepares a request on demand, so several configurations can share one preparation. */
export interface RequestPreparation {
  prepared(): PreparedRequest;
}

/**
 * Validates a requested configuration and prices it (`channelPriceFor` of the resolved
 * characteristics). The request is prepared after validation. Results of the cached path are frozen
 * and shared.
 */
export function configuredChannelPrice(
  indexed: IndexedOffering,
  requested: Readonly<Record<string, CharacteristicValue>>,
  preparation: RequestPreparation,
): ConfiguredChannelPrice {
  const { offering } = indexed;
  if (!indexed.maskable) {
    const characteristics = resolveCharacteristics(offering.name, indexed.specification, requested);
    const price = channelPriceFor(indexed, characteristics, preparation.prepared());
    return { offering, characteristics, price, shared: undefined };
  }
  const { selection, fitMask } = resolveConfiguration(indexed, requested);
  const prepared = preparation.prepared();
  const view = channelView(indexed, prepared.channel);
  if (view === undefined) {
    const price = channelPriceFor(indexed, selection, prepared);
    return { offering, characteristics: selection, price, shared: undefined };
  }
  const option = pricedOption(indexed, view, fitMask, prepared);
  return { offering, characteristics: selection, price: option?.price, shared: option };
}
