import { buildCatalogSnapshot, CatalogSnapshot } from './catalog-snapshot';
import type { CatalogData } from './catalog-index';
import type { OfferDecision, OfferRequest } from './offer-evaluation';

export interface OffersForInput extends OfferRequest {
  catalog: CatalogData | CatalogSnapshot;
}

/** Snapshots built for plain catalog objects, reused while the same (immutable) object is passed. */
const snapshotsByCatalog = new WeakMap<CatalogData, CatalogSnapshot>();

function snapshotOf(catalog: CatalogData | CatalogSnapshot): CatalogSnapshot {
  if (catalog instanceof CatalogSnapshot) return catalog;
  let snapshot = snapshotsByCatalog.get(catalog);
  if (!snapshot) {
    snapshot = buildCatalogSnapshot(catalog);
    snapshotsByCatalog.set(catalog, snapshot);
  }
  return snapshot;
}

/**
 * What can be offered to this customer on this channel now, and why not for the rest. Callers
 * that hold a snapshot should call `snapshot.offersFor` directly.
 */
export function offersFor(input: OffersForInput): OfferDecision[] {
  const { catalog, ...request } = input;
  return snapshotOf(catalog).offersFor(request);
}
