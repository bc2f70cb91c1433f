import type { CatalogSnapshotSource } from '../commerce/ports';

/** Tells base plans from add-ons, so a new subscription knows whether it is the customer's plan. */
export interface PlanClassifier {
  isPlan(offeringId: string): Promise<boolean>;
}

/**
 * The catalog convention: plans sit in a category named or identified as "plan(s)"; bundles are
 * plans too (they replace one). An offering no longer in the catalog is assumed to be an add-on.
 */
export function catalogPlanClassifier(catalog: CatalogSnapshotSource): PlanClassifier {
  return {
    async isPlan(offeringId) {
      const offering = (await catalog.current()).offering(offeringId);
      if (!offering) return false;
      return (
        offering.isBundle ||
        offering.category.some((category) =>
          /\bplans?\b/i.test(`${category.id} ${category.name ?? ''}`),
        )
      );
    },
  };
}
