import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * How a catalog resource is stored: the domain shape with `id` as `_id`, `lastUpdate` as a Date
 * (so TMF date filters compare dates, not strings) and a `revision` for optimistic concurrency.
 * Nested structures are validated by the domain's zod schemas before they get here, so they are
 * stored as mixed values rather than described twice.
 */
export interface StoredCatalogDocument {
  _id: string;
  revision: number;
  lastUpdate: Date;
  [field: string]: unknown;
}

export interface CatalogModels {
  offerings: Model<StoredCatalogDocument>;
  prices: Model<StoredCatalogDocument>;
  specifications: Model<StoredCatalogDocument>;
  promotions: Model<StoredCatalogDocument>;
}

const { Mixed } = Schema.Types;

const serverFields = {
  _id: { type: String, required: true },
  revision: { type: Number, required: true },
  lastUpdate: { type: Date, required: true },
};

const polymorphicFields = {
  '@type': String,
  '@baseType': String,
  '@schemaLocation': String,
};

const lifecycleFields = {
  name: { type: String, required: true },
  description: String,
  version: { type: String, required: true },
  lifecycleStatus: { type: String, required: true },
};

function catalogSchema(
  collection: string,
  fields: Record<string, unknown>,
): Schema<StoredCatalogDocument> {
  return new Schema<StoredCatalogDocument>(
    { ...serverFields, ...fields },
    // `minimize: false` keeps empty objects (e.g. `{}` characteristics) exactly as validated.
    { collection, versionKey: false, minimize: false, strict: 'throw' },
  );
}

const offeringSchema = catalogSchema('productOfferings', {
  ...polymorphicFields,
  ...lifecycleFields,
  isBundle: { type: Boolean, required: true },
  bundledProductOffering: Mixed,
  validFor: Mixed,
  productSpecification: Mixed,
  productOfferingPrice: Mixed,
  category: Mixed,
  channelRules: Mixed,
  // JSON text: eligibility rules are MongoDB queries whose `$gte`-style keys cannot be field names.
  eligibility: { type: String, required: true },
  eligibilityDescription: String,
  compatibility: Mixed,
});
offeringSchema.index({ lifecycleStatus: 1, _id: 1 });
offeringSchema.index({ name: 1 });
offeringSchema.index({ lastUpdate: -1 });
offeringSchema.index({ 'productOfferingPrice.id': 1 });

const priceSchema = catalogSchema('productOfferingPrices', {
  ...polymorphicFields,
  ...lifecycleFields,
  isBundle: Boolean,
  validFor: Mixed,
  priceType: { type: String, required: true },
  recurringChargePeriodType: String,
  unitOfMeasure: Mixed,
  // TMF620 lets a price be created before its amount is known.
  price: Mixed,
  prodSpecCharValueUse: Mixed,
});
priceSchema.index({ lifecycleStatus: 1, _id: 1 });
priceSchema.index({ priceType: 1 });
priceSchema.index({ name: 1 });
priceSchema.index({ lastUpdate: -1 });

const specificationSchema = catalogSchema('productSpecifications', {
  ...polymorphicFields,
  ...lifecycleFields,
  productSpecCharacteristic: Mixed,
});
specificationSchema.index({ lifecycleStatus: 1, _id: 1 });
specificationSchema.index({ name: 1 });
specificationSchema.index({ lastUpdate: -1 });

const promotionSchema = catalogSchema('promotions', {
  name: { type: String, required: true },
  description: String,
  offeringIds: { type: [String], required: true },
  discount: { type: Mixed, required: true },
  validFor: { type: Mixed, required: true },
  campaignId: String,
  channels: { type: [String], default: undefined },
});
promotionSchema.index({ campaignId: 1 });
promotionSchema.index({ offeringIds: 1 });
promotionSchema.index({ name: 1 });
promotionSchema.index({ lastUpdate: -1 });

function modelOn(
  connection: Connection,
  name: string,
  schema: Schema<StoredCatalogDocument>,
): Model<StoredCatalogDocument> {
  // Registered per connection (never on the global mongoose), once even if several features ask.
  const existing = connection.models[name] as Model<StoredCatalogDocument> | undefined;
  return existing ?? connection.model<StoredCatalogDocument>(name, schema);
}

export function createCatalogModels(connection: Connection): CatalogModels {
  return {
    offerings: modelOn(connection, 'ProductOffering', offeringSchema),
    prices: modelOn(connection, 'ProductOfferingPrice', priceSchema),
    specifications: modelOn(connection, 'ProductSpecification', specificationSchema),
    promotions: modelOn(connection, 'Promotion', promotionSchema),
  };
}
