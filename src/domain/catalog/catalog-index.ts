import type { Channel } from '../shared/channel';
import type { ChannelPrice } from './channel-price';
import { defaultCharacteristics } from './characteristics';
import type { CharacteristicSelection } from './characteristics';
import { compileEligibility } from './eligibility';
import type { EligibilityCheck } from './eligibility';
import type { Discount, BasePrice } from './price-calculation';
import type { ProductOffering } from './product-offering';
import type { ProductOfferingPrice } from './product-offering-price';
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
}

export function indexPrice(price: ProductOfferingPrice): IndexedPrice {
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
    defaults: defaultCharacteristics(specification),
    prices: offering.productOfferingPrice.flatMap((ref) => lookups.prices.get(ref.id) ?? []),
    promotions: lookups.promotionsByOffering.get(offering.id) ?? [],
    defaultPrices: new Map(),
  };
}
