import type { DomainEventMap } from '../../shared/events';
import type { CatalogData } from '../catalog-index';
import { productOfferingCreateSchema } from '../product-offering';
import type { ProductOffering } from '../product-offering';
import { productOfferingPriceCreateSchema, toTmfPrice } from '../product-offering-price';
import type { ProductOfferingPrice } from '../product-offering-price';
import { productSpecificationCreateSchema } from '../product-specification';
import type { ProductSpecification } from '../product-specification';
import { promotionCreateSchema } from '../promotion';
import type { Promotion } from '../promotion';
import type { CatalogModels, StoredCatalogDocument } from './catalog-models';

export type CatalogResourceKind = DomainEventMap['catalog.changed']['resource'];

/** TMF polymorphism fields a client may have sent: kept and returned, never interpreted. */
export interface TmfPolymorphic {
  '@type'?: string;
  '@baseType'?: string;
  '@schemaLocation'?: string;
}

export type StoredOffering = ProductOffering & TmfPolymorphic;
export type StoredPrice = ProductOfferingPrice & TmfPolymorphic;
export type StoredSpecification = ProductSpecification & TmfPolymorphic;
/** Promotions are our extension; they carry a server-set `lastUpdate` like every TMF resource. */
export type StoredPromotion = Promotion & { lastUpdate: string };

export type CatalogResource = StoredOffering | StoredPrice | StoredSpecification | StoredPromotion;

/** Everything the generic store needs to know about one kind of catalog resource. */
export interface CatalogResourceDefinition<T extends CatalogResource> {
  kind: CatalogResourceKind;
  /** For messages: "product offering po-x does not exist". */
  label: string;
  idPrefix: string;
  dataKey: keyof CatalogData;
  model(models: CatalogModels): CatalogModels[keyof CatalogModels];
  /**
   * Validates a client body (TMF shape, defaults applied) and completes it with the server fields.
   * Also used on merged patches, so cross-field rules (bundles, price shapes) run on the whole result.
   */
  parse(body: unknown, lastUpdate: string): Omit<T, 'id'> & { id?: string };
  /** The resource as a client would send it, which is what a merge patch applies to. */
  toInput(resource: T): Record<string, unknown>;
  toDocument(resource: T, revision: number): StoredCatalogDocument;
  fromDocument(document: StoredCatalogDocument): T;
}

function withoutServerFields(resource: {
  lastUpdate: string;
  href?: string;
}): Record<string, unknown> {
  const { lastUpdate: _lastUpdate, href: _href, ...input } = resource;
  return input;
}

function baseDocument(
  resource: { id: string; lastUpdate: string; href?: string },
  revision: number,
): StoredCatalogDocument {
  const { id, lastUpdate, href: _href, ...fields } = resource;
  return { ...dropUndefined(fields), _id: id, revision, lastUpdate: new Date(lastUpdate) };
}

function baseResource(document: StoredCatalogDocument): Record<string, unknown> & {
  id: string;
  lastUpdate: string;
} {
  const { _id, revision: _revision, lastUpdate, ...fields } = document;
  return { id: _id, ...fields, lastUpdate: lastUpdate.toISOString() };
}

function dropUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

// Documents only reach MongoDB through `parse` (zod), so reading them back needs no second validation.

export const offeringDefinition: CatalogResourceDefinition<StoredOffering> = {
  kind: 'productOffering',
  label: 'product offering',
  idPrefix: 'po',
  dataKey: 'offerings',
  model: (models) => models.offerings,
  parse: (body, lastUpdate) => ({ ...productOfferingCreateSchema.parse(body), lastUpdate }),
  toInput: (offering) => withoutServerFields(offering),
  toDocument: (offering, revision) => ({
    ...baseDocument(offering, revision),
    eligibility: JSON.stringify(offering.eligibility),
  }),
  fromDocument: (document) => {
    const resource = baseResource(document);
    return {
      ...resource,
      eligibility: JSON.parse(String(document.eligibility)) as Record<string, unknown>,
    } as unknown as StoredOffering;
  },
};

export const priceDefinition: CatalogResourceDefinition<StoredPrice> = {
  kind: 'productOfferingPrice',
  label: 'product offering price',
  idPrefix: 'pop',
  dataKey: 'prices',
  model: (models) => models.prices,
  parse: (body, lastUpdate) => ({ ...productOfferingPriceCreateSchema.parse(body), lastUpdate }),
  // Clients patch prices in TMF money (`{ unit, value }`), so that is the shape patches merge into.
  toInput: (price) => ({
    ...withoutServerFields(price),
    ...(price.price ? { price: toTmfPrice(price.price) } : {}),
  }),
  toDocument: (price, revision) => baseDocument(price, revision),
  fromDocument: (document) => baseResource(document) as unknown as StoredPrice,
};

export const specificationDefinition: CatalogResourceDefinition<StoredSpecification> = {
  kind: 'productSpecification',
  label: 'product specification',
  idPrefix: 'ps',
  dataKey: 'specifications',
  model: (models) => models.specifications,
  parse: (body, lastUpdate) => ({ ...productSpecificationCreateSchema.parse(body), lastUpdate }),
  toInput: (specification) => withoutServerFields(specification),
  toDocument: (specification, revision) => baseDocument(specification, revision),
  fromDocument: (document) => baseResource(document) as unknown as StoredSpecification,
};

export const promotionDefinition: CatalogResourceDefinition<StoredPromotion> = {
  kind: 'promotion',
  label: 'promotion',
  idPrefix: 'promo',
  dataKey: 'promotions',
  model: (models) => models.promotions,
  parse: (body, lastUpdate) => ({ ...promotionCreateSchema.parse(body), lastUpdate }),
  toInput: (promotion) => withoutServerFields(promotion),
  toDocument: (promotion, revision) => baseDocument(promotion, revision),
  fromDocument: (document) => baseResource(document) as unknown as StoredPromotion,
};
