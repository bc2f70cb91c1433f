import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import type { OfferRequest } from '../../../../src/domain/catalog/offer-evaluation';
import { priceCart } from '../../../../src/domain/commerce/pricing';
import type { CartItemInput } from '../../../../src/domain/commerce/pricing';
import { channels } from '../../../../src/domain/shared/channel';
import {
  ids,
  july15,
  loyaltyCampaign,
  newConsumer,
  stacy,
  summerCampaign,
  telecomCatalog,
} from '../fixtures/telecom-catalog';

/** Requests that differ in every input a cached result could wrongly be keyed without. */
function requests(): OfferRequest[] {
  const customers = [
    stacy(),
    stacy({ campaignIds: [] }),
    stacy({ campaignIds: [loyaltyCampaign] }),
    newConsumer(),
    newConsumer({ tenureMonths: 12 }),
    newConsumer({ segment: 'business', tenureMonths: 30 }),
  ];
  const dates = [
    july15,
    new Date('2025-04-10T12:00:00Z'),
    new Date('2025-08-31T23:59:59Z'),
    new Date('2025-09-01T00:00:00Z'),
    new Date('2026-01-10T09:00:00Z'),
  ];
  const all: OfferRequest[] = [];
  for (const channel of channels) {
    for (const customer of customers) {
      for (const now of dates) {
        all.push({ channel, customer, now });
        all.push({ channel, customer, now, campaignId: summerCampaign });
        all.push({ channel, customer, now, cart: [ids.unlimited30] });
      }
    }
  }
  return all;
}

describe('offers from a snapshot that has already answered other requests', () => {
  it('answers every request exactly as a fresh snapshot would, whatever was asked before', () => {
    const warm = buildCatalogSnapshot(telecomCatalog());
    const all = requests();
    // Warm the caches in one order, then compare in the reverse order.
    for (const request of all) warm.offersFor(request);
    for (const request of [...all].reverse()) {
      const fresh = buildCatalogSnapshot(telecomCatalog());
      expect(warm.offersFor(request)).toEqual(fresh.offersFor(request));
    }
  });

  it('gives offerFor the same decision as offersFor', () => {
    const snapshot = buildCatalogSnapshot(telecomCatalog());
    for (const request of requests().slice(0, 40)) {
      for (const decision of snapshot.offersFor(request)) {
        expect(snapshot.offerFor(decision.offering.id, request)).toEqual(decision);
      }
    }
  });

  it('shares frozen decisions between requests, and leaves the catalog offerings unfrozen', () => {
    const snapshot = buildCatalogSnapshot(telecomCatalog());
    const request = { channel: 'selfcare' as const, customer: stacy(), now: july15 };
    const first = snapshot.offersFor(request);
    const second = snapshot.offersFor({ ...request, customer: stacy() });
    expect(second).not.toBe(first);
    const offered = first.filter((decision) => decision.offered);
    expect(offered.length).toBeGreaterThan(0);
    for (const decision of offered) {
      expect(second).toContain(decision);
      expect(Object.isFrozen(decision)).toBe(true);
      expect(decision.offered && Object.isFrozen(decision.reasons)).toBe(true);
      expect(Object.isFrozen(decision.offering)).toBe(false);
    }
    const refused = first.find((decision) => !decision.offered);
    expect(refused?.offered === false && Object.isFrozen(refused.whyNot[0])).toBe(true);
  });

  it('builds exclusion reasons per request, since they name what the customer holds', () => {
    const snapshot = buildCatalogSnapshot(telecomCatalog());
    const prospect = newConsumer({ tenureMonths: 12 });
    const held = snapshot.offerFor(ids.familyBundle, {
      channel: 'selfcare',
      customer: prospect,
      now: july15,
      cart: [ids.unlimited30],
    });
    const free = snapshot.offerFor(ids.familyBundle, {
      channel: 'selfcare',
      customer: prospect,
      now: july15,
    });
    expect(held.offered === false && held.whyNot.map((reason) => reason.related)).toEqual([
      [ids.unlimited30],
    ]);
    expect(free.offered).toBe(true);
  });
});

describe('configuration prices from a snapshot that has already priced others', () => {
  const snapshot = buildCatalogSnapshot(telecomCatalog());
  const request = { channel: 'voice' as const, customer: stacy(), now: july15 };

  it('resolves a value sent as text like the same value sent as a number', () => {
    const asNumber = snapshot.priceConfiguration({
      ...request,
      offeringId: ids.dataBoost,
      characteristics: { dataSize: 50 },
    });
    const asText = snapshot.priceConfiguration({
      ...request,
      offeringId: ids.dataBoost,
      characteristics: { dataSize: '50' },
    });
    expect(asText).toEqual(asNumber);
    expect(asNumber.characteristics).toEqual({ dataSize: 50 });
    expect(asNumber.price.recurring.amount).toBe(1499);
    expect(Object.isFrozen(asNumber.price)).toBe(true);
  });

  it('still rejects an invalid configuration after valid ones were priced', () => {
    for (const dataSize of [10, 20, 50]) {
      snapshot.priceConfiguration({
        ...request,
        offeringId: ids.dataBoost,
        characteristics: { dataSize },
      });
    }
    expect(() =>
      snapshot.priceConfiguration({
        ...request,
        offeringId: ids.dataBoost,
        characteristics: { dataSize: 30 },
      }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('prices each date and channel on its own, even for a configuration seen before', () => {
    const at = (now: Date, channel: 'selfcare' | 'agent') =>
      snapshot.priceConfiguration({
        channel,
        customer: stacy(),
        now,
        offeringId: ids.dataBoost,
        characteristics: {},
      }).price.recurring.amount;
    expect(at(july15, 'selfcare')).toBe(599);
    expect(at(july15, 'agent')).toBe(799);
    expect(at(new Date('2025-08-01T00:00:00Z'), 'selfcare')).toBe(799);
    expect(at(july15, 'selfcare')).toBe(599);
  });
});

describe('carts priced from shared catalog prices', () => {
  const snapshot = buildCatalogSnapshot(telecomCatalog());
  const items: CartItemInput[] = [
    { id: 'a', offeringId: ids.summerDouble, action: 'add', quantity: 2, characteristics: {} },
    { id: 'b', offeringId: ids.summerDouble, action: 'add', quantity: 1, characteristics: {} },
    {
      id: 'c',
      offeringId: ids.dataBoost,
      action: 'add',
      quantity: 1,
      characteristics: { dataSize: 50 },
    },
  ];

  it('keeps an agent discount on one cart out of the next cart priced', () => {
    const cart = (agentDiscount?: CartItemInput['agentDiscount']) =>
      priceCart({
        items: items.map((item) =>
          item.id === 'b' && agentDiscount ? { ...item, agentDiscount } : item,
        ),
        channel: 'agent',
        customer: stacy(),
        now: july15,
        snapshot,
      });
    const before = cart();
    const discounted = cart({ kind: 'percent', value: 10, byRole: 'agent' });
    const after = cart();
    expect(discounted.lines[1]?.agentDiscounts).toHaveLength(1);
    expect(discounted.totals.recurring.amount).toBe(before.totals.recurring.amount - 40);
    expect(after).toEqual(before);
    expect(after.lines[1]?.agentDiscounts).toEqual([]);
  });

  it('multiplies by each line own quantity and hands out frozen charge lines', () => {
    const cart = priceCart({
      items,
      channel: 'selfcare',
      customer: stacy(),
      now: july15,
      snapshot,
    });
    expect(cart.lines.map((line) => line.line.recurring.amount)).toEqual([600, 300, 1499 - 375]);
    expect(cart.totals.recurring.amount).toBe(600 + 300 + 1124);
    const [first] = cart.lines;
    expect(Object.isFrozen(first?.charges)).toBe(true);
    expect(() => first?.charges.push(first.charges[0]!)).toThrow(TypeError);
    // The line itself is the caller's own object.
    expect(Object.isFrozen(first)).toBe(false);
  });
});
