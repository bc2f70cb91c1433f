import {
  applyChange,
  problemsIntroduced,
} from '../../../../../src/domain/catalog/persistence/catalog-integrity';
import { ids, telecomCatalog } from '../../fixtures/telecom-catalog';

describe('catalog integrity checks', () => {
  const catalog = telecomCatalog();

  it('replaces, appends and removes by id', () => {
    const items = [
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
    ];
    expect(applyChange(items, { upsert: { id: 'b', v: 2 } })).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ]);
    expect(applyChange(items, { upsert: { id: 'c', v: 1 } })).toHaveLength(3);
    expect(applyChange(items, { removeId: 'a' })).toEqual([{ id: 'b', v: 1 }]);
    expect(items).toHaveLength(2);
  });

  it('finds what a write would break', () => {
    const after = {
      ...catalog,
      prices: applyChange(catalog.prices, { removeId: 'pop-roam-week' }),
    };
    expect(problemsIntroduced(catalog, after)).toEqual([
      `offering ${ids.roamWeek} refers to unknown price pop-roam-week`,
    ]);
  });

  it('does not hold problems the catalog already had against an unrelated write', () => {
    const alreadyBroken = {
      ...catalog,
      prices: applyChange(catalog.prices, { removeId: 'pop-roam-week' }),
    };
    const unrelated = {
      ...alreadyBroken,
      offerings: applyChange(alreadyBroken.offerings, {
        upsert: { ...catalog.offerings[0]!, name: 'Unlimited Talk & Text 30 GB (2026)' },
      }),
    };
    expect(problemsIntroduced(alreadyBroken, unrelated)).toEqual([]);
  });

  it('flags a second currency', () => {
    const price = {
      ...catalog.prices[0]!,
      id: 'pop-gbp',
      price: { taxIncludedAmount: { amount: 1000, currency: 'GBP' } },
    };
    const after = { ...catalog, prices: applyChange(catalog.prices, { upsert: price }) };
    expect(problemsIntroduced(catalog, after)).toEqual([
      'prices use several currencies (EUR, GBP)',
    ]);
  });
});
