import type { Channel } from '../shared/channel';
import { channels } from '../shared/channel';
import type { ChannelPrice } from './channel-price';
import { defaultCharacteristics } from './characteristics';
import type { CharacteristicSelection } from './characteristics';
import { compileEligibility } from './eligibility';
import type { EligibilityCheck } from './eligibility';
import type { OfferDecision } from './offer-evaluation';
import type { OfferReason } from './offer-reasons';
import type { Discount, BasePrice } from './price-calculation';
import { channelDiscountLabel, promotionLabel } from './price-labels';
import type { ProductOffering } from './product-offering';
import type { PricedOfferingPrice, ProductOfferingPrice } from './product-offering-price';
import type { ProductSpecification } from './product-specification';
import type { Promotion } from './promotion';
import { isSellableStatus } from './tmf-common';
import { toEpochWindow } from './time-period';
import type { EpochWindow } from './time-period';

/** The catalog as loaded from storage. Treated as immutable once a snapshot is built from it. */
export interface CatalogData {
  offerings: readonly ProductOffering[];
  prices: readonly ProductOfferingPrice[];
  specifications: readonly ProductSpecification[];
  promotions: readonly Promotion[];
}

export interface IndexedPrice {
  readonly base: BasePrice;
  readonly window: EpochWindow;
  readonly sellable: boolean;
  /** Characteristic name → accepted values (as text); empty when the price fits every configuration. */
  readonly requiredValues: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface IndexedPromotion {
  readonly discount: Discount;
  readonly window: EpochWindow;
  readonly campaignId: string | undefined;
  readonly channels: ReadonlySet<Channel> | undefined;
}

/** Everything about one offering that does not depend on the request, computed once per snapshot. */
export interface IndexedOffering {
  readonly offering: ProductOffering;
  readonly sellableStatus: boolean;
  readonly window: EpochWindow;
  readonly visibleOn: ReadonlySet<Channel>;
  readonly sellableOn: ReadonlySet<Channel>;
  readonly alterationsByChannel: ReadonlyMap<Channel, readonly Discount[]>;
  readonly eligibility: EligibilityCheck | undefined;
  readonly requires: readonly string[];
  /** Declared exclusions plus offerings that declared an exclusion of this one. */
  readonly excludes: readonly string[];
  readonly specification: ProductSpecification | undefined;
  readonly defaults: CharacteristicSelection;
  readonly prices: readonly IndexedPrice[];
  readonly promotions: readonly IndexedPromotion[];
  /**
   * Default-configuration prices already computed, keyed by what they depend on (channel, price ids,
   * promotion ids). Bounded by the catalog itself: a handful of combinations per offering.
   */
  readonly defaultPrices: Map<string, ChannelPrice>;
  /** `promotions` sorted by id (ties in catalog order): the order stacked promotions apply in. */
  readonly promotionsInOrder: readonly IndexedPromotion[];
  /** Whether any price has a validity bound, i.e. whether choosing prices depends on the date. */
  readonly pricesDated: boolean;
  /**
   * Whether `prices` and `promotions` are few enough to be identified by bit masks (bit i = entry i),
   * which is what the cached paths key on. Larger offerings take the uncached paths.
   */
  readonly maskable: boolean;
  /** Bit mask of the prices on sale that fit the default configuration (date aside). */
  readonly defaultFitMask: number;
  /** The channel rules resolved per channel, with the prices computed for it; built on first use. */
  readonly channelViews: Record<Channel, ChannelView | undefined>;
  /** Validated configurations, by the requested (name, value) pairs in order; filled on demand. */
  readonly configurations: ConfigurationCache;
  /** Reasons that depend only on the offering, built once when first needed. Frozen. */
  readonly staticReasons: StaticReasons;
}

/** A priced combination (channel, prices, promotions) of one offering, and what is derived from it. */
export interface PricedOption {
  /** Deep-frozen: every caller receives the same object. */
  readonly price: ChannelPrice;
  /**
   * What other modules derive from this price per quantity (cart charge lines), kept here so it lives
   * exactly as long as the price. Owned by the module that fills it; values must be frozen.
   */
  byQuantity: Map<number, unknown> | undefined;
  /** The `offersFor` decision offering it at this price; frozen, built on first use. */
  offered: OfferDecision | undefined;
}

/** One offering on one channel: what the channel rules decide once, and the prices computed so far. */
export interface ChannelView {
  readonly channel: Channel;
  readonly visible: boolean;
  readonly sellable: boolean;
  /** Keyed by `(price mask << maskBits) | promotion mask`. */
  readonly priced: Map<number, PricedOption>;
  notOnChannel: OfferReason | undefined;
  notSellableOnChannel: OfferReason | undefined;
  /**
   * Frozen refusals, shared by every request they apply to (allocating a decision per offering per
   * request is what makes a large catalog slow): for catalog reasons, by whether the request date is
   * inside the offering's validity; for customer reasons, by the set of reasons (bits, see
   * offer-evaluation), built with `refusalsNameOf`; and for an offering without a price now.
   */
  readonly catalogRefusals: [OfferDecision | undefined, OfferDecision | undefined];
  customerRefusals: Array<OfferDecision | undefined>;
  refusalsNameOf: ((offeringId: string) => string) | undefined;
  notPriced: OfferDecision | undefined;
}

/** A configuration validated against the specification, and which prices fit it. */
export interface ResolvedConfiguration {
  /** Frozen. */
  readonly selection: CharacteristicSelection;
  readonly fitMask: number;
}

/**
 * A trie over a request's (characteristic name, value) pairs in request order. Values are Map keys,
 * so `20` and `"20"` are distinct requests (that happen to resolve alike).
 */
export interface ConfigurationNode {
  resolved: ResolvedConfiguration | undefined;
  next: Map<string, Map<string | number, ConfigurationNode>> | undefined;
}

export interface ConfigurationCache {
  readonly root: ConfigurationNode;
  /** Resolved configurations held, to bound what request traffic can add. */
  size: number;
}

export interface StaticReasons {
  notActive?: OfferReason;
  outsideValidity?: OfferReason;
  alreadySubscribed?: OfferReason;
  ineligible?: OfferReason;
  notPriced?: OfferReason;
  /** Built with the snapshot's name lookup; `nameOf` is the lookup it was built with. */
  requiresMissing?: { nameOf: (offeringId: string) => string; reason: OfferReason };
}

/** Bits per mask: keeps `(price mask << maskBits) | promotion mask` a small integer. */
export const maskBits = 15;

/** Whether a price fits the configuration: every characteristic it depends on has an accepted value. */
export function priceFits(
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

/** Bit mask of the prices that are on sale and fit the configuration (date aside). */
export function fitMaskOf(
  prices: readonly IndexedPrice[],
  selection: CharacteristicSelection,
): number {
  let mask = 0;
  for (let index = 0; index < prices.length && index < maskBits; index++) {
    const price = prices[index]!;
    if (price.sellable && priceFits(price.requiredValues, selection)) mask |= 1 << index;
  }
  return mask;
}

function byPromotionId(a: IndexedPromotion, b: IndexedPromotion): number {
  const left = a.discount.sourceId;
  const right = b.discount.sourceId;
  return left < right ? -1 : left > right ? 1 : 0;
}

function emptyChannelViews(): Record<Channel, ChannelView | undefined> {
  const views: Partial<Record<Channel, ChannelView | undefined>> = {};
  for (const channel of channels) views[channel] = undefined;
  return views as Record<Channel, ChannelView | undefined>;
}

export function indexPrice(price: PricedOfferingPrice): IndexedPrice {
  const base: BasePrice = {
    priceId: price.id,
    name: price.name,
    priceType: price.priceType,
    // Copies: offered prices are frozen and shared, and must not freeze the caller's catalog data.
    amount: { ...price.price.taxIncludedAmount },
    ...(price.recurringChargePeriodType
      ? { recurringChargePeriodType: price.recurringChargePeriodType }
      : {}),
    ...(price.unitOfMeasure ? { unitOfMeasure: { ...price.unitOfMeasure } } : {}),
  };
  const requiredValues = new Map<string, ReadonlySet<string>>();
  for (const use of price.prodSpecCharValueUse ?? []) {
    requiredValues.set(
      use.name,
      new Set(use.productSpecCharacteristicValue.map((entry) => String(entry.value))),
    );
  }
  return {
    base,
    window: toEpochWindow(price.validFor),
    sellable: isSellableStatus(price.lifecycleStatus),
    requiredValues,
  };
}

export function indexPromotion(promotion: Promotion): IndexedPromotion {
  return {
    discount: {
      source: 'promotion',
      sourceId: promotion.id,
      name: promotion.name,
      label: promotionLabel(promotion.campaignId),
      ...(promotion.description === undefined ? {} : { description: promotion.description }),
      terms: promotion.discount,
    },
    window: toEpochWindow(promotion.validFor),
    campaignId: promotion.campaignId,
    channels: promotion.channels ? new Set(promotion.channels) : undefined,
  };
}

function alterationsByChannel(offering: ProductOffering): Map<Channel, Discount[]> {
  const byChannel = new Map<Channel, Discount[]>();
  for (const alteration of offering.channelRules.priceAlterations) {
    const discount: Discount = {
      source: 'channel',
      sourceId: `${offering.id}:${alteration.channel}:${alteration.name}`,
      name: alteration.name,
      label: channelDiscountLabel(alteration.channel, alteration),
      ...(alteration.description === undefined ? {} : { description: alteration.description }),
      terms: { kind: alteration.kind, value: alteration.value, appliesTo: alteration.appliesTo },
    };
    byChannel.set(alteration.channel, [...(byChannel.get(alteration.channel) ?? []), discount]);
  }
  return byChannel;
}

export interface OfferingLookups {
  readonly specifications: ReadonlyMap<string, ProductSpecification>;
  readonly prices: ReadonlyMap<string, IndexedPrice>;
  readonly promotionsByOffering: ReadonlyMap<string, readonly IndexedPromotion[]>;
  readonly excludedByOthers: ReadonlyMap<string, readonly string[]>;
}

export function indexOffering(
  offering: ProductOffering,
  lookups: OfferingLookups,
): IndexedOffering {
  const specification = offering.productSpecification
    ? lookups.specifications.get(offering.productSpecification.id)
    : undefined;
  const reverseExclusions = lookups.excludedByOthers.get(offering.id) ?? [];
  const defaults = defaultCharacteristics(specification);
  const prices = offering.productOfferingPrice.flatMap((ref) => lookups.prices.get(ref.id) ?? []);
  const promotions = lookups.promotionsByOffering.get(offering.id) ?? [];
  return {
    offering,
    sellableStatus: isSellableStatus(offering.lifecycleStatus),
    window: toEpochWindow(offering.validFor),
    visibleOn: new Set(offering.channelRules.visibleOn),
    sellableOn: new Set(offering.channelRules.sellableOn),
    alterationsByChannel: alterationsByChannel(offering),
    eligibility: compileEligibility(offering.id, offering.version, offering.eligibility),
    requires: offering.compatibility.requires,
    excludes: [...new Set([...offering.compatibility.excludes, ...reverseExclusions])],
    specification,
    defaults,
    prices,
    promotions,
    defaultPrices: new Map(),
    // Array.prototype.sort is stable, so filtering this list gives what sorting the filtered list gives.
    promotionsInOrder: [...promotions].sort(byPromotionId),
    pricesDated: prices.some(
      (price) => price.window.start !== -Infinity || price.window.end !== Infinity,
    ),
    maskable: prices.length <= maskBits && promotions.length <= maskBits,
    defaultFitMask: fitMaskOf(prices, defaults),
    channelViews: emptyChannelViews(),
    configurations: { root: { resolved: undefined, next: undefined }, size: 0 },
    staticReasons: {},
  };
}
