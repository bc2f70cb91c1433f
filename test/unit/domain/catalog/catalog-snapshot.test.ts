import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import { AppError } from '../../../../src/domain/shared/errors';
import { ids, july15, stacy, telecomCatalog } from '../fixtures/telecom-catalog';

function buildFailure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the snapshot build to fail');
}

describe('building a catalog snapshot', () => {
  it('indexes offerings and knows the catalog currency', () => {
    const snapshot = buildCatalogSnapshot(telecomCatalog());
    expect(snapshot.currency).toBe('EUR');
    expect(snapshot.offering(ids.roamWeek)?.name).toBe('Roam Like Home Week Pass');
    expect(snapshot.specificationOf(ids.dataBoost)?.id).toBe('ps-data-boost');
    expect(snapshot.offering('po-unknown')).toBeUndefined();
  });

  it('reports every dangling reference and duplicate at once', () => {
    const catalog = telecomCatalog();
    const [first, ...rest] = catalog.offerings;
    const broken = {
      ...catalog,
      offerings: [
        {
          ...first!,
          productOfferingPrice: [{ id: 'pop-missing' }],
          productSpecification: { id: 'ps-missing' },
        },
        ...rest,
        rest[0]!,
      ],
      promotions: [
        ...catalog.promotions,
        { ...catalog.promotions[0]!, id: 'promo-x', offeringIds: ['po-gone'] },
      ],
    };
    const error = buildFailure(() => buildCatalogSnapshot(broken));
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.details?.problems).toEqual([
      `offering ${ids.business100} appears more than once`,
      `offering ${ids.unlimited30} refers to unknown specification ps-missing`,
      `offering ${ids.unlimited30} refers to unknown price pop-missing`,
      'promotion promo-x targets unknown offering po-gone',
    ]);
  });

  it('refuses a price that depends on a characteristic the offering cannot configure', () => {
    const catalog = telecomCatalog();
    const offerings = catalog.offerings.map((offering) =>
      offering.id === ids.roamWeek
        ? { ...offering, productOfferingPrice: [{ id: 'pop-data-boost-10gb' }] }
        : offering,
    );
    expect(
      buildFailure(() => buildCatalogSnapshot({ ...catalog, offerings })).details?.problems,
    ).toEqual([
      `price pop-data-boost-10gb depends on dataSize, which offering ${ids.roamWeek} cannot configure`,
    ]);
  });

  it('refuses a catalog mixing currencies, since cart totals add prices together', () => {
    const catalog = telecomCatalog();
    const prices = catalog.prices.map((price) =>
      price.id === 'pop-roam-week'
        ? { ...price, price: { taxIncludedAmount: { amount: 899, currency: 'GBP' } } }
        : price,
    );
    expect(
      buildFailure(() => buildCatalogSnapshot({ ...catalog, prices })).details?.problems,
    ).toEqual(['prices use several currencies (EUR, GBP)']);
  });

  it('refuses to price an unknown offering', () => {
    const snapshot = buildCatalogSnapshot(telecomCatalog());
    expect(() =>
      snapshot.offerFor('po-unknown', { channel: 'selfcare', customer: stacy(), now: july15 }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('snapshot ownership', () => {
  it('leaves the catalog data it was built from unfrozen', () => {
    const catalog = telecomCatalog();
    const catalogPrices = structuredClone(catalog.prices);
    const own = buildCatalogSnapshot({ ...catalog, prices: catalogPrices });
    own.offersFor({ channel: 'selfcare', customer: stacy(), now: july15 });
    expect(
      catalogPrices.some((price) => Object.isFrozen(price.price?.taxIncludedAmount ?? {})),
    ).toBe(false);
  });
});
