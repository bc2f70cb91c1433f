import {
  offeringDefinition,
  priceDefinition,
  promotionDefinition,
} from '../../../../../src/domain/catalog/persistence/catalog-resources';
import type { StoredOffering, StoredPrice } from '../../../../../src/domain/catalog/persistence';
import { ids, offerings, prices, promotions } from '../../fixtures/telecom-catalog';

const lastUpdate = '2026-07-15T10:00:00.000Z';

describe('catalog resource definitions', () => {
  it('stores eligibility rules with query operators as text and reads them back unchanged', () => {
    const roamWeek = offerings.find((offering) => offering.id === ids.roamWeek)!;
    const document = offeringDefinition.toDocument({ ...roamWeek, lastUpdate }, 3);
    expect(document).toMatchObject({
      _id: ids.roamWeek,
      revision: 3,
      lastUpdate: new Date(lastUpdate),
    });
    expect(typeof document.eligibility).toBe('string');
    expect(document).not.toHaveProperty('id');
    expect(offeringDefinition.fromDocument(document)).toEqual({ ...roamWeek, lastUpdate });
  });

  it('parses a client body with the create rules and their defaults', () => {
    const parsed = offeringDefinition.parse({ name: 'Essential 5 GB' }, lastUpdate);
    expect(parsed).toMatchObject({
      name: 'Essential 5 GB',
      lifecycleStatus: 'In design',
      version: '1.0',
      isBundle: false,
      channelRules: { sellableOn: [], visibleOn: [], priceAlterations: [] },
      lastUpdate,
    });
    expect(parsed.id).toBeUndefined();
  });

  it('gives prices back in TMF money so a merged patch parses to the same price', () => {
    const monthly: StoredPrice = { ...prices[0]!, lastUpdate };
    const input = priceDefinition.toInput(monthly);
    expect(input.price).toEqual({ taxIncludedAmount: { unit: 'EUR', value: 29.99 }, taxRate: 23 });
    expect(input).not.toHaveProperty('lastUpdate');
    // A price stored before isBundle existed reads back with TMF620's default.
    expect({ ...priceDefinition.parse(input, lastUpdate), id: monthly.id }).toEqual({
      ...monthly,
      isBundle: false,
    });
  });

  it('round-trips every fixture resource through its document', () => {
    for (const offering of offerings) {
      const stored: StoredOffering = { ...offering, lastUpdate };
      expect(offeringDefinition.fromDocument(offeringDefinition.toDocument(stored, 1))).toEqual(
        stored,
      );
    }
    for (const promotion of promotions) {
      const stored = { ...promotion, lastUpdate };
      expect(promotionDefinition.fromDocument(promotionDefinition.toDocument(stored, 1))).toEqual(
        stored,
      );
    }
  });
});
