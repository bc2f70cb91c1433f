import { AppError } from '../shared/errors';
import { findCatalogProblems } from './catalog-consistency';
import { indexOffering, indexPrice, indexPromotion } from './catalog-index';
import type { CatalogData, IndexedOffering, IndexedPromotion, PricedOption } from './catalog-index';
import type { ChannelPrice } from './channel-price';
import type { CharacteristicSelection } from './characteristics';
import { configuredChannelPrice, evaluateOffering, prepareRequest } from './offer-evaluation';
import type {
  OfferDecision,
  OfferRequest,
  PreparedRequest,
  RequestPreparation,
} from './offer-evaluation';
import type { ProductOffering } from './product-offering';
import type { CharacteristicValue, ProductSpecification } from './product-specification';
import { hasAmount } from './product-offering-price';

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
        const list = promotionsByOffering.get(offeringId);
        if (list) list.push(indexedPromotion);
        else promotionsByOffering.set(offeringId, [indexedPromotion]);
      }
    }
    const excludedByOthers = new Map<string, string[]>();
    for (const offering of data.offerings) {
      for (const excludedId of offering.compatibility.excludes) {
        const list = excludedByOthers.get(excludedId);
        if (list) list.push(offering.id);
        else excludedByOthers.set(excludedId, [offering.id]);
      }
    }
    const lookups = {
      specifications: new Map(
        data.specifications.map((specification) => [specification.id, specification]),
      ),
      // A price without an amount yet cannot be offered; consistency keeps offerings off it.
      prices: new Map(data.prices.filter(hasAmount).map((price) => [price.id, indexPrice(price)])),
      promotionsByOffering,
      excludedByOthers,
    };
    this.indexed = data.offerings.map((offering) => indexOffering(offering, lookups));
    this.byId = new Map(this.indexed.map((entry) => [entry.offering.id, entry]));
    this.currency = data.prices.find(hasAmount)?.price?.taxIncludedAmount.currency;
  }

  offering(offeringId: string): ProductOffering | undefined {
    return this.byId.get(offeringId)?.offering;
  }

  specificationOf(offeringId: string): ProductSpecification | undefined {
    return this.byId.get(offeringId)?.specification;
  }

  /** One function for the snapshot's lifetime, so reasons built with it can be reused. */
  private readonly nameOf = (offeringId: string): string =>
    this.byId.get(offeringId)?.offering.name ?? offeringId;

  /**
   * Every offering in the catalog, each either offered with its channel price or with the reasons it
   * is not. Each call returns new decision objects in a new array; what they hold (prices, reasons,
   * offered-because texts) is frozen and shared between calls.
   */
  offersFor(request: OfferRequest): OfferDecision[] {
    const prepared = prepareRequest(request);
    const { indexed, nameOf } = this;
    const decisions: OfferDecision[] = new Array<OfferDecision>(indexed.length);
    for (let index = 0; index < indexed.length; index++) {
      decisions[index] = evaluateOffering(indexed[index]!, prepared, nameOf);
    }
    return decisions;
  }

  offerFor(offeringId: string, request: OfferRequest): OfferDecision {
    return evaluateOffering(this.require(offeringId), prepareRequest(request), this.nameOf);
  }

  /**
   * The channel price of one configuration (e.g. Data Boost at 20 GB), with channel alterations and
   * promotions applied. Validates the characteristics; does not decide whether it may be sold.
   * The characteristics and price returned are frozen and may be shared between calls.
   */
  priceConfiguration(request: ConfiguredPriceRequest): ConfiguredPrice {
    const { characteristics, price } = this.configure(
      request.offeringId,
      request.characteristics,
      new ConfigurationPricer(this, request),
    );
    return { characteristics, price };
  }

  /**
   * `priceConfiguration` for many configurations under one request (a cart): the request is
   * prepared once, on first use, instead of once per configuration.
   */
  configurationPricer(request: OfferRequest): ConfigurationPricer {
    return new ConfigurationPricer(this, request);
  }

  /** @internal Used by ConfigurationPricer. */
  configure(
    offeringId: string,
    requested: Readonly<Record<string, CharacteristicValue>>,
    preparation: RequestPreparation,
  ): ConfiguredOfferingPrice {
    const entry = this.require(offeringId);
    const configured = configuredChannelPrice(entry, requested, preparation);
    if (!configured.price) {
      throw new AppError(
        'UNPROCESSABLE',
        `"${entry.offering.name}" has no price for this configuration at this date`,
        {
          offeringId,
          characteristics: configured.characteristics,
        },
      );
    }
    return configured as ConfiguredOfferingPrice;
  }

  private require(offeringId: string): IndexedOffering {
    const entry = this.byId.get(offeringId);
    if (!entry)
      throw new AppError('NOT_FOUND', `No offering ${offeringId} in the catalog`, { offeringId });
    return entry;
  }
}

/** A ConfiguredPrice with the offering it prices. */
export interface ConfiguredOfferingPrice extends ConfiguredPrice {
  offering: ProductOffering;
  /**
   * The cache entry a shared (frozen) price comes from, where callers may keep what they derive from
   * it per quantity; undefined when the price was computed for this call only.
   */
  shared: PricedOption | undefined;
}

/** Prices configurations for one request, preparing the request once, when first needed. */
export class ConfigurationPricer implements RequestPreparation {
  private preparedRequest: PreparedRequest | undefined;

  constructor(
    private readonly snapshot: CatalogSnapshot,
    private readonly request: OfferRequest,
  ) {}

  prepared(): PreparedRequest {
    return (this.preparedRequest ??= prepareRequest(this.request));
  }

  /** Same as `snapshot.priceConfiguration` for this request, plus the offering priced. */
  price(
    offeringId: string,
    characteristics: Readonly<Record<string, CharacteristicValue>>,
  ): ConfiguredOfferingPrice {
    return this.snapshot.configure(offeringId, characteristics, this);
  }
}

export function buildCatalogSnapshot(data: CatalogData): CatalogSnapshot {
  return new CatalogSnapshot(data);
}
