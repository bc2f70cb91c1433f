import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import { priceForReading, priceItems } from '../../../../src/domain/commerce/cart-pricing';
import type { CartItemInput } from '../../../../src/domain/commerce/pricing';
import { ids, july15, stacy, telecomCatalog } from '../fixtures/telecom-catalog';

const snapshot = buildCatalogSnapshot(telecomCatalog());
const boost50: CartItemInput = {
  id: 'i-boost',
  offeringId: ids.dataBoost,
  action: 'add',
  quantity: 2,
  characteristics: { dataSize: 50 },
  agentDiscount: { kind: 'percent', value: 10, byRole: 'agent' },
};
const request = { customer: stacy(), now: july15, snapshot };

describe('pricing a stored cart on any channel', () => {
  it('applies an agent discount on top of the reading channel own prices', () => {
    const selfcare = priceItems({ ...request, items: [boost50], channel: 'selfcare' });
    // €14.99 - 25% July self-care promotion = €11.24; - 10% goodwill = €10.12; two of them.
    expect(selfcare.lines[0]?.unit.recurring.amount).toBe(1012);
    expect(selfcare.totals.recurring.amount).toBe(2024);
    expect(selfcare.lines[0]?.agentDiscounts.map((adjustment) => adjustment.amount.amount)).toEqual(
      [-112],
    );
    const agent = priceItems({ ...request, items: [boost50], channel: 'agent' });
    expect(agent.lines[0]?.unit.recurring.amount).toBe(1349);
  });

  it('still enforces the granting role limit when read elsewhere', () => {
    const tooGenerous: CartItemInput = {
      ...boost50,
      agentDiscount: { kind: 'percent', value: 40, byRole: 'agent' },
    };
    expect(() => priceItems({ ...request, items: [tooGenerous], channel: 'selfcare' })).toThrow(
      /at most 10%/,
    );
  });

  it('reports an item that can no longer be priced instead of failing the whole cart', () => {
    const retired: CartItemInput = {
      id: 'i-old',
      offeringId: ids.legacy10,
      action: 'add',
      quantity: 1,
      characteristics: {},
    };
    const { price, problems } = priceForReading({
      ...request,
      items: [boost50, retired],
      channel: 'selfcare',
    });
    expect(problems).toEqual([expect.objectContaining({ itemId: 'i-old', code: 'UNPROCESSABLE' })]);
    expect(price.lines.map((line) => line.itemId)).toEqual(['i-boost']);
    expect(price.totals.recurring.amount).toBe(2024);
  });
});
