import type { CatalogData } from '../catalog-index';
import type { CatalogModels, StoredCatalogDocument } from './catalog-models';
import {
  offeringDefinition,
  priceDefinition,
  promotionDefinition,
  specificationDefinition,
} from './catalog-resources';
import type {
  StoredOffering,
  StoredPrice,
  StoredPromotion,
  StoredSpecification,
} from './catalog-resources';

export interface StoredCatalogData extends CatalogData {
  offerings: StoredOffering[];
  prices: StoredPrice[];
  specifications: StoredSpecification[];
  promotions: StoredPromotion[];
}

/** The whole catalog, each collection in id order so snapshots list offerings the same way every time. */
export async function loadCatalogData(models: CatalogModels): Promise<StoredCatalogData> {
  const all = (model: CatalogModels[keyof CatalogModels]) =>
    model.find({}).sort({ _id: 1 }).lean<StoredCatalogDocument[]>().exec();
  const [offerings, prices, specifications, promotions] = await Promise.all([
    all(models.offerings),
    all(models.prices),
    all(models.specifications),
    all(models.promotions),
  ]);
  return {
    offerings: offerings.map(offeringDefinition.fromDocument),
    prices: prices.map(priceDefinition.fromDocument),
    specifications: specifications.map(specificationDefinition.fromDocument),
    promotions: promotions.map(promotionDefinition.fromDocument),
  };
}
