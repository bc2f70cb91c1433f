import type { CatalogData } from './catalog-index';
import { hasAmount } from './product-offering-price';

function duplicates(kind: string, ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) problems.push(`${kind} ${id} appears more than once`);
    seen.add(id);
  }
  return problems;
}

/**
 * Structural problems that would make offers silently wrong (a missing price makes an offer look
 * free or unavailable). Found all at once so a catalog manager can fix them in one pass.
 * `requires`/`excludes` may name offerings no longer in the catalog: customers still hold legacy plans.
 */
export function findCatalogProblems(data: CatalogData): string[] {
  const offeringIds = new Set(data.offerings.map((offering) => offering.id));
  const specifications = new Map(
    data.specifications.map((specification) => [specification.id, specification]),
  );
  const prices = new Map(data.prices.map((price) => [price.id, price]));
  const problems = [
    ...duplicates(
      'offering',
      data.offerings.map((offering) => offering.id),
    ),
    ...duplicates(
      'price',
      data.prices.map((price) => price.id),
    ),
    ...duplicates(
      'specification',
      data.specifications.map((specification) => specification.id),
    ),
    ...duplicates(
      'promotion',
      data.promotions.map((promotion) => promotion.id),
    ),
  ];

  for (const offering of data.offerings) {
    const specification = offering.productSpecification
      ? specifications.get(offering.productSpecification.id)
      : undefined;
    if (offering.productSpecification && !specification) {
      problems.push(
        `offering ${offering.id} refers to unknown specification ${offering.productSpecification.id}`,
      );
    }
    const characteristicNames = new Set(
      specification?.productSpecCharacteristic.map((c) => c.name) ?? [],
    );
    for (const ref of offering.productOfferingPrice) {
      const price = prices.get(ref.id);
      if (!price) {
        problems.push(`offering ${offering.id} refers to unknown price ${ref.id}`);
        continue;
      }
      if (!price.price) {
        problems.push(`offering ${offering.id} refers to price ${ref.id}, which has no amount yet`);
        continue;
      }
      for (const use of price.prodSpecCharValueUse ?? []) {
        if (!characteristicNames.has(use.name)) {
          problems.push(
            `price ${price.id} depends on ${use.name}, which offering ${offering.id} cannot configure`,
          );
        }
      }
    }
    for (const ref of offering.bundledProductOffering) {
      if (!offeringIds.has(ref.id))
        problems.push(`bundle ${offering.id} contains unknown offering ${ref.id}`);
    }
  }

  for (const promotion of data.promotions) {
    for (const offeringId of promotion.offeringIds) {
      if (!offeringIds.has(offeringId))
        problems.push(`promotion ${promotion.id} targets unknown offering ${offeringId}`);
    }
  }

  // One market, one currency: cart totals add prices of different offerings together.
  const currencies = new Set(
    data.prices.filter(hasAmount).map((price) => price.price.taxIncludedAmount.currency),
  );
  if (currencies.size > 1)
    problems.push(`prices use several currencies (${[...currencies].join(', ')})`);
  return problems;
}
