import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import type { OfferDecision, OfferRequest } from '../../../../src/domain/catalog/offer-evaluation';
import type { OfferReasonCode } from '../../../../src/domain/catalog/offer-reasons';
import { offersFor } from '../../../../src/domain/catalog/offers';
import {
  ids,
  july15,
  loyaltyCampaign,
  newConsumer,
  stacy,
  summerCampaign,
  telecomCatalog,
} from '../fixtures/telecom-catalog';

const snapshot = buildCatalogSnapshot(telecomCatalog());

function decide(offeringId: string, request: Partial<OfferRequest> = {}): OfferDecision {
  return snapshot.offerFor(offeringId, {
    channel: 'selfcare',
    customer: stacy(),
    now: july15,
    ...request,
  });
}

function whyNot(decision: OfferDecision): OfferReasonCode[] {
  return decision.offered ? [] : decision.whyNot.map((reason) => reason.code);
}

function offeredPrice(decision: OfferDecision) {
  if (!decision.offered)
    throw new Error(`expected an offer, got ${JSON.stringify(decision.whyNot)}`);
  return decision.price;
}

describe('offersFor: the whole catalog for one request', () => {
  it('returns one decision per offering, in catalog order', () => {
    const decisions = snapshot.offersFor({ channel: 'selfcare', customer: stacy(), now: july15 });
    expect(decisions.map((decision) => decision.offering.id)).toEqual(
      telecomCatalog().offerings.map((o) => o.id),
    );
  });

  it('offers Stacy exactly the add-ons she can buy in self-care', () => {
    const offered = snapshot
      .offersFor({ channel: 'selfcare', customer: stacy(), now: july15 })
      .filter((decision) => decision.offered)
      .map((decision) => decision.offering.id);
    expect(offered).toEqual([ids.dataBoost, ids.roamWeek, ids.summerDouble]);
  });

  it('works as a plain function over catalog data, reusing the snapshot for the same catalog object', () => {
    const catalog = telecomCatalog();
    const first = offersFor({ channel: 'webchat', customer: stacy(), now: july15, catalog });
    const second = offersFor({
      channel: 'webchat',
      customer: stacy(),
      now: july15,
      catalog: snapshot,
    });
    expect(first).toEqual(second);
  });
});

describe('catalog-level reasons', () => {
  it('does not offer a retired offering', () => {
    const decision = decide(ids.legacy10);
    expect(whyNot(decision)).toEqual(['not-active']);
    expect(decision.offered === false && decision.whyNot[0]?.message).toBe(
      '"Unlimited 10 GB (2019)" is not on sale (lifecycle status Retired)',
    );
  });

  it('does not offer an offering outside its validity period', () => {
    expect(whyNot(decide(ids.skiPass))).toEqual(['outside-validity']);
    expect(decide(ids.skiPass, { now: new Date('2026-01-10T09:00:00Z') }).offered).toBe(true);
  });

  it('treats the end of a validity period as exclusive', () => {
    expect(whyNot(decide(ids.summerDouble, { now: new Date('2025-09-01T00:00:00Z') }))).toContain(
      'outside-validity',
    );
    expect(decide(ids.summerDouble, { now: new Date('2025-08-31T23:59:59Z') }).offered).toBe(true);
  });

  it('skips customer checks when the offering is not even shown on the channel', () => {
    const decision = decide(ids.business100, { channel: 'sms' });
    expect(whyNot(decision)).toEqual(['not-on-channel']);
  });
});

describe('channel visibility versus sellability', () => {
  it('shows Summer Data Double by SMS but sends the customer elsewhere to order it', () => {
    const decision = decide(ids.summerDouble, { channel: 'sms' });
    expect(whyNot(decision)).toEqual(['not-sellable-on-channel']);
    expect(decision.offered === false && decision.whyNot[0]).toEqual({
      code: 'not-sellable-on-channel',
      message:
        '"Summer Data Double" cannot be ordered on sms; it can be ordered on webchat, voice, selfcare, agent',
      related: ['webchat', 'voice', 'selfcare', 'agent'],
    });
  });

  it('hides an offering on channels it is not visible on', () => {
    expect(
      whyNot(
        decide(ids.familyBundle, { channel: 'sms', customer: newConsumer({ tenureMonths: 12 }) }),
      ),
    ).toEqual(['not-on-channel']);
  });

  it('sells the Family Bundle in self-care but only shows it in web chat', () => {
    const prospect = newConsumer({ tenureMonths: 12 });
    expect(decide(ids.familyBundle, { channel: 'selfcare', customer: prospect }).offered).toBe(
      true,
    );
    expect(whyNot(decide(ids.familyBundle, { channel: 'webchat', customer: prospect }))).toEqual([
      'not-sellable-on-channel',
    ]);
  });

  it('still reports customer reasons for a visible-only offering, so the agent sees the whole picture', () => {
    expect(whyNot(decide(ids.business100, { channel: 'selfcare' }))).toEqual([
      'not-sellable-on-channel',
      'ineligible',
    ]);
  });
});

describe('channel price alterations', () => {
  it('applies the self-care-only 20% discount to Summer Data Double', () => {
    const price = offeredPrice(decide(ids.summerDouble, { customer: stacy({ campaignIds: [] }) }));
    expect(price.alterations).toEqual([
      expect.objectContaining({
        source: 'channel',
        name: 'Self-care exclusive 20% off',
        chargeType: 'recurring',
        amount: { amount: -100, currency: 'EUR' },
      }),
    ]);
    expect(price.recurring).toEqual({ amount: 400, currency: 'EUR' });
  });

  it('does not apply the self-care discount in web chat', () => {
    const price = offeredPrice(
      decide(ids.summerDouble, { channel: 'webchat', customer: stacy({ campaignIds: [] }) }),
    );
    expect(price.alterations).toEqual([]);
    expect(price.recurring.amount).toBe(500);
  });

  it('stacks the channel discount and the campaign promotion for Stacy in self-care', () => {
    const decision = decide(ids.summerDouble);
    const price = offeredPrice(decision);
    expect(price.basePrices.map((base) => base.amount.amount)).toEqual([500]);
    expect(price.promotions.map((promotion) => [promotion.name, promotion.amount.amount])).toEqual([
      ['Summer SMS campaign: €1 off', -100],
    ]);
    expect(price.recurring.amount).toBe(300);
    expect(decision.offered && decision.reasons).toEqual([
      'Can be ordered on selfcare',
      'Eligibility conditions met',
      'Required subscription in place',
      'Self-care exclusive 20% off applied',
      'Summer SMS campaign: €1 off applied',
    ]);
  });
});

describe('promotions', () => {
  it('applies a channel-restricted promotion inside its validity, rounding half up', () => {
    const price = offeredPrice(decide(ids.dataBoost));
    // 25% of 799 is 199.75 cents: rounds to 200.
    expect(price.promotions.map((promotion) => promotion.amount.amount)).toEqual([-200]);
    expect(price.recurring.amount).toBe(599);
  });

  it('ignores a promotion on a channel it is not offered on', () => {
    expect(offeredPrice(decide(ids.dataBoost, { channel: 'agent' })).recurring.amount).toBe(799);
  });

  it('ignores a promotion before it starts and after it ends', () => {
    expect(
      offeredPrice(decide(ids.dataBoost, { now: new Date('2025-06-30T23:59:59Z') })).recurring
        .amount,
    ).toBe(799);
    expect(
      offeredPrice(decide(ids.dataBoost, { now: new Date('2025-08-01T00:00:00Z') })).recurring
        .amount,
    ).toBe(799);
    expect(offeredPrice(decide(ids.roamWeek)).oneTime.amount).toBe(999);
    // Half of 999 is 499.5: the discount is what gets rounded (500 off), leaving 499 to pay.
    expect(
      offeredPrice(decide(ids.roamWeek, { now: new Date('2025-04-10T12:00:00Z') })).oneTime.amount,
    ).toBe(499);
  });

  it('applies a campaign-tied promotion only to customers reached by that campaign', () => {
    const notReached = stacy({ campaignIds: [] });
    expect(offeredPrice(decide(ids.summerDouble, { customer: notReached })).promotions).toEqual([]);
    expect(
      offeredPrice(decide(ids.summerDouble, { customer: notReached, campaignId: summerCampaign }))
        .promotions,
    ).toHaveLength(1);
    expect(
      offeredPrice(decide(ids.summerDouble, { customer: notReached, campaignId: 'cmp-other' }))
        .promotions,
    ).toEqual([]);
  });
});

describe('compatibility', () => {
  it('needs one of the required plans, held or in the cart', () => {
    const prospect = newConsumer();
    const missing = decide(ids.dataBoost, { customer: prospect });
    expect(whyNot(missing)).toEqual(['requires-missing']);
    expect(missing.offered === false && missing.whyNot[0]).toEqual({
      code: 'requires-missing',
      message:
        '"Data Boost" needs "Unlimited Talk & Text 30 GB" or "Business Unlimited 100 GB" or "Family Bundle" first',
      related: [ids.unlimited30, ids.business100, ids.familyBundle],
    });
    expect(decide(ids.dataBoost, { customer: prospect, cart: [ids.unlimited30] }).offered).toBe(
      true,
    );
  });

  it('excludes the Family Bundle next to the single plan, from the subscription or the cart', () => {
    const held = decide(ids.familyBundle);
    expect(whyNot(held)).toEqual(['excluded-by']);
    expect(held.offered === false && held.whyNot[0]?.message).toBe(
      '"Family Bundle" cannot be combined with "Unlimited Talk & Text 30 GB"',
    );
    const prospect = newConsumer({ tenureMonths: 12 });
    expect(
      whyNot(decide(ids.familyBundle, { customer: prospect, cart: [ids.unlimited30] })),
    ).toEqual(['excluded-by']);
  });

  it('makes exclusions symmetric: the plan is excluded next to a bundle that declared the conflict', () => {
    const bundleHolder = newConsumer({
      currentPlanIds: [ids.familyBundle],
      subscriptionOfferingIds: [ids.familyBundle],
    });
    const decision = decide(ids.unlimited30, { customer: bundleHolder });
    expect(whyNot(decision)).toEqual(['excluded-by']);
    expect(decision.offered === false && decision.whyNot[0]?.related).toEqual([ids.familyBundle]);
  });
});

describe('already subscribed', () => {
  it('does not offer Stacy the plan she already has', () => {
    const decision = decide(ids.unlimited30);
    expect(whyNot(decision)).toEqual(['already-subscribed']);
    expect(decision.offered === false && decision.whyNot[0]?.message).toBe(
      'The customer already has "Unlimited Talk & Text 30 GB"',
    );
  });

  it('counts add-ons held as subscriptions too', () => {
    const customer = stacy({ subscriptionOfferingIds: [ids.unlimited30, ids.dataBoost] });
    expect(whyNot(decide(ids.dataBoost, { customer }))).toEqual(['already-subscribed']);
  });
});

describe('prices in offers', () => {
  it('splits one-time and monthly charges and lists usage rates without totalling them', () => {
    const price = offeredPrice(decide(ids.unlimited30, { customer: newConsumer() }));
    expect(price.basePrices.map((base) => [base.priceType, base.amount.amount])).toEqual([
      ['recurring', 2999],
      ['oneTime', 1000],
      ['usage', 2],
    ]);
    expect(price.oneTime).toEqual({ amount: 1000, currency: 'EUR' });
    expect(price.recurring).toEqual({ amount: 2999, currency: 'EUR' });
  });

  it('prices a configurable offering at its default configuration', () => {
    const price = offeredPrice(decide(ids.dataBoost, { channel: 'voice' }));
    expect(price.basePrices.map((base) => base.name)).toEqual(['Data Boost 20 GB']);
  });

  it("hands repeated requests the same frozen price, so one caller cannot change another caller's offer", () => {
    const first = offeredPrice(decide(ids.summerDouble));
    expect(offeredPrice(decide(ids.summerDouble))).toBe(first);
    expect(Object.isFrozen(first.promotions[0])).toBe(true);
    expect(() => {
      (first.recurring as { amount: number }).amount = 0;
    }).toThrow(TypeError);
  });

  it('never shows an offering without a valid price as free', () => {
    const catalog = telecomCatalog();
    const unpriced = buildCatalogSnapshot({
      ...catalog,
      prices: catalog.prices.map((price) =>
        price.id === 'pop-roam-week' ? { ...price, lifecycleStatus: 'Retired' as const } : price,
      ),
    });
    const decision = unpriced.offerFor(ids.roamWeek, {
      channel: 'selfcare',
      customer: stacy(),
      now: july15,
    });
    expect(whyNot(decision)).toEqual(['not-priced']);
  });
});

describe('campaign context', () => {
  it('treats the session campaign as one of the customer campaigns for eligibility', () => {
    expect(whyNot(decide(ids.loyaltyBonus))).toEqual(['ineligible']);
    expect(decide(ids.loyaltyBonus, { campaignId: loyaltyCampaign }).offered).toBe(true);
    expect(
      decide(ids.loyaltyBonus, { customer: stacy({ campaignIds: [loyaltyCampaign] }) }).offered,
    ).toBe(true);
  });
});
