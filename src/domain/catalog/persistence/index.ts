/** Catalog storage: models, the editing service, the cached snapshot source and offers per party. */
export { createCatalogModels } from './catalog-models';
export type { CatalogModels, StoredCatalogDocument } from './catalog-models';
export { loadCatalogData } from './catalog-data-loader';
export type { StoredCatalogData } from './catalog-data-loader';
export { CatalogResourceStore } from './catalog-resource-store';
export type { CatalogListQuery, CatalogPage } from './catalog-resource-store';
export type {
  CatalogResource,
  CatalogResourceKind,
  StoredOffering,
  StoredPrice,
  StoredPromotion,
  StoredSpecification,
  TmfPolymorphic,
} from './catalog-resources';
export { CatalogService } from './catalog-service';
export type { CatalogServiceOptions } from './catalog-service';
export { CatalogSnapshotCache } from './catalog-snapshot-cache';
export type { CatalogSnapshotCacheOptions } from './catalog-snapshot-cache';
export { OfferService } from './offer-service';
export type { PartyOfferRequest, PartyOffers } from './offer-service';
