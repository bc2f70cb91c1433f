import { AppError } from '../shared/errors';
import { findCatalogProblems } from './catalog-consistency';
import { indexOffering, indexPrice, indexPromotion } from './catalog-index';
import type { CatalogData, IndexedOffering, IndexedPromotion } from './catalog-index';
import type { ChannelPrice } from './channel-price';
import { resolveCharacteristics } from './characteristics';
import type { CharacteristicSelection } from './characteristics';
import { channelPriceFor, evaluateOffering, prepareRequest } from './offer-evaluation';
import type { OfferDecision, OfferRequest } from './offer-evaluation';
import type { ProductOffering } from './product-offering';
import type { CharacteristicValue, ProductSpecification } from './product-specification';

export interface ConfiguredPriceRequest extends OfferRequest {
  offeringId: string;
  characteristics: Readonly<Record<string, CharacteristicValue>>;
}

export interface ConfiguredPrice {
  characteristics: CharacteristicSelection;
  price: ChannelPrice;
}

/**
 * An immutable, indexed view of one version of the catalog. Build it once whenever the catalog
 * changes and answer every request from it: lookups are Map hits and eligibility rules are compiled.
 */
export class CatalogSnapshot {
  /** The one currency every price of this catalog uses (undefined for a catalog with no prices). */
  readonly currency: string | undefined;
  private readonly indexed: readonly IndexedOffering[];
  private readonly byId: ReadonlyMap<string, IndexedOffering>;

  constructor(data: CatalogData) {
    const problems = findCatalogProblems(data);
    if (problems.length > 0) {
      throw new AppError('UNPROCESSABLE', `The catalog is inconsistent: ${problems.join('; ')}`, {
        problems,
      });
    }
    const promotionsByOffering = new Map<string, IndexedPromotion[]>();
    for (const promotion of data.promotions) {
      const indexedPromotion = indexPromotion(promotion);
      for (const offeringId of promotion.offeringIds) {
        promotionsByOffering.set(offeringId, [
          ...(promotionsByOffering.get(offeringId) ?? []),
          indexedPromotion,
        ]);
      }
    }
    const excludedByOthers = new Map<string, string[]>();
    for (const offering of data.offerings) {
      for (const excludedId of offering.compatibility.excludes) {
        excludedByOthers.set(excludedId, [
          ...(excludedByOthers.get(excludedId) ?? []),
          offering.id,
        ]);
      }
    }
    const lookups = {
      specifications: new Map(
        data.specifications.map((specification) => [specification.id, specification]),
      ),
      prices: new Map(data.prices.map((price) => [price.id, indexPrice(price)])),
      promotionsByOffering,
      excludedByOthers,
    };
    this.indexed = data.offerings.map((offering) => indexOffering(offering, lookups));
    this.byId = new Map(this.indexed.map((entry) => [entry.offering.id, entry]));
    this.currency = data.prices[0]?.price.taxIncludedAmount.currency;
  }

  offering(offeringId: string): ProductOffering | undefined {
    return this.byId.get(offeringId)?.offering;
  }

  specificationOf(offeringId: string): ProductSpecification | undefined {
    return this.byId.get(offeringId)?.specification;
  }

  /** Every offering in the catalog, each either offered with its channel price or with the reasons it is not. */
  offersFor(request: OfferRequest): OfferDecision[] {
    const prepared = prepareRequest(request);
    const nameOf = (offeringId: string): string =>
      this.byId.get(offeringId)?.offering.name ?? offeringId;
    return this.indexed.map((entry) => evaluateOffering(entry, prepared, nameOf));
  }

  offerFor(offeringId: string, request: OfferRequest): OfferDecision {
    const nameOf = (id: string): string => this.byId.get(id)?.offering.name ?? id;
    return evaluateOffering(this.require(offeringId), prepareRequest(request), nameOf);
  }

  /**
   * The channel price of one configuration (e.g. Data Boost at 20 GB), with channel alterations and
   * promotions applied. Validates the characteristics; does not decide whether it may be sold.
   */
  priceConfiguration(request: ConfiguredPriceRequest): ConfiguredPrice {
    const entry = this.require(request.offeringId);
    const characteristics = resolveCharacteristics(
      entry.offering.name,
      entry.specification,
      request.characteristics,
    );
    const price = channelPriceFor(entry, characteristics, prepareRequest(request));
    if (!price) {
      throw new AppError(
        'UNPROCESSABLE',
        `"${entry.offering.name}" has no price for this configuration at this date`,
        {
          offeringId: request.offeringId,
          characteristics,
        },
      );
    }
    return { characteristics, price };
  }

  private require(offeringId: string): IndexedOffering {
    const entry = this.byId.get(offeringId);
    if (!entry)
      throw new AppError('NOT_FOUND', `No offering ${offeringId} in the catalog`, { offeringId });
    return entry;
  }
}

export function buildCatalogSnapshot(data: CatalogData): CatalogSnapshot {
  return new CatalogSnapshot(data);
}
