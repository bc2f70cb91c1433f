import type { CartService } from '../../../src/domain/commerce/cart-service';
import { AppError } from '../../../src/domain/shared/errors';
import { ids, summerCampaign } from '../../unit/domain/fixtures/telecom-catalog';
import { eventsNamed, startCommerce } from './commerce-harness';
import type { CommerceHarness } from './commerce-harness';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('one cart shared by every channel', () => {
  let h: CommerceHarness;
  let carts: CartService;

  beforeAll(async () => {
    h = await startCommerce();
    carts = h.feature.services.carts;
  });
  afterAll(async () => {
    await h.stop();
  });

  it('keeps all 20 items when SMS and self-care add at the same time, with versions 1..20', async () => {
    const { cart } = await carts.cartFor({ customerId: 'cust-concurrent' }, 'sms');
    h.customers.customers.set('cust-concurrent', {
      segment: 'consumer',
      customerId: 'cust-concurrent',
      currentPlanIds: [ids.unlimited30],
      subscriptionOfferingIds: [ids.unlimited30],
      tenureMonths: 14,
      region: 'IE',
      campaignIds: [],
      language: 'en-IE',
    });
    const sizes = [10, 20, 50];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        carts.addItem(
          cart._id,
          index % 2 === 0
            ? { offeringId: ids.dataBoost, characteristics: { dataSize: sizes[index % 3] ?? 20 } }
            : { offeringId: ids.roamWeek },
          { channel: index % 2 === 0 ? 'sms' : 'selfcare', actorId: `writer-${index}` },
        ),
      ),
    );
    const final = await carts.getCart(cart._id, 'selfcare');
    expect(final.cart.items).toHaveLength(20);
    expect(final.cart.version).toBe(20);
    // Every change got its own version: none overwrote another.
    expect(results.map((view) => view.cart.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    const historyVersions = final.cart.history.map((entry) => entry.version);
    expect(historyVersions).toEqual([...historyVersions].sort((a, b) => a - b));
    expect(new Set(final.cart.history.map((entry) => entry.channel))).toEqual(
      new Set(['sms', 'selfcare']),
    );
    const updates = eventsNamed(h.events, 'cart.updated').filter(
      (event) => event.payload.cartId === cart._id,
    );
    expect(updates.map((event) => event.payload.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(
      h.timeline.entries.filter(
        (entry) => entry.ref?.id === cart._id && entry.kind === 'cart-change',
      ),
    ).toHaveLength(20);
  });

  it('refuses a change made against an old version with 409 and the current version', async () => {
    const { cart } = await carts.cartFor({ customerId: 'cust-stacy' }, 'selfcare');
    await carts.clear(cart._id, { channel: 'selfcare' });
    const current = await carts.addItem(
      cart._id,
      { offeringId: ids.dataBoost },
      { channel: 'selfcare' },
    );
    const error = await failure(
      carts.addItem(
        cart._id,
        { offeringId: ids.roamWeek },
        { channel: 'voice', expectedVersion: current.cart.version - 1 },
      ),
    );
    expect(error.code).toBe('VERSION_CONFLICT');
    expect(error.status).toBe(409);
    expect(error.details).toMatchObject({ currentVersion: current.cart.version });
    const accepted = await carts.addItem(
      cart._id,
      { offeringId: ids.roamWeek },
      { channel: 'voice', expectedVersion: current.cart.version },
    );
    expect(accepted.cart.version).toBe(current.cart.version + 1);
  });

  it('prices every read for the reading channel: the self-care discount shows in self-care only', async () => {
    const { cart } = await carts.cartFor({ customerId: 'cust-stacy' }, 'selfcare');
    await carts.clear(cart._id, { channel: 'selfcare' });
    await carts.attributeCampaign(cart._id, summerCampaign, { channel: 'sms' });
    await carts.addItem(cart._id, { offeringId: ids.summerDouble }, { channel: 'webchat' });
    const selfcare = await carts.getCart(cart._id, 'selfcare');
    const webchat = await carts.getCart(cart._id, 'webchat');
    // €5.00 - 20% self-care - €1 summer SMS promotion = €3.00; web chat gets the promotion only.
    expect(selfcare.price.totals.recurring.amount).toBe(300);
    expect(webchat.price.totals.recurring.amount).toBe(400);
  });

  it('refuses what the channel may not sell, naming why', async () => {
    const { cart } = await carts.cartFor({ customerId: 'cust-stacy' }, 'sms');
    const notOnSms = await failure(
      carts.addItem(cart._id, { offeringId: ids.summerDouble }, { channel: 'sms' }),
    );
    expect(notOnSms.code).toBe('UNPROCESSABLE');
    expect(notOnSms.message).toMatch(/cannot be ordered on sms/);
    const badSize = await failure(
      carts.addItem(
        cart._id,
        { offeringId: ids.dataBoost, characteristics: { dataSize: 15 } },
        { channel: 'selfcare' },
      ),
    );
    expect(badSize.code).toBe('VALIDATION_FAILED');
    expect(badSize.message).toMatch(/choose one of 10, 20, 50/);
    const business = await failure(
      carts.addItem(cart._id, { offeringId: ids.business100 }, { channel: 'agent' }),
    );
    expect(business.message).toMatch(/business customers/);
  });

  it('changes and removes items, and modifies an existing subscription', async () => {
    const { cart } = await carts.cartFor({ customerId: 'cust-stacy' }, 'selfcare');
    await carts.clear(cart._id, { channel: 'selfcare' });
    const added = await carts.addItem(
      cart._id,
      { offeringId: ids.dataBoost },
      { channel: 'selfcare' },
    );
    const itemId = added.cart.items[0]?.id ?? '';
    const updated = await carts.updateItem(
      cart._id,
      itemId,
      { quantity: 2, characteristics: { dataSize: 50 } },
      { channel: 'voice' },
    );
    expect(updated.cart.items[0]).toMatchObject({ quantity: 2, characteristics: { dataSize: 50 } });
    const modified = await carts.addItem(
      cart._id,
      { action: 'modify', offeringId: ids.unlimited30, subscriptionId: 'sub-stacy-mobile' },
      { channel: 'selfcare' },
    );
    expect(modified.cart.items.map((item) => item.action)).toEqual(['add', 'modify']);
    const notHers = await failure(
      carts.addItem(
        cart._id,
        { action: 'delete', offeringId: ids.business100, subscriptionId: 'sub-x' },
        { channel: 'selfcare' },
      ),
    );
    expect(notHers.code).toBe('UNPROCESSABLE');
    const removed = await carts.removeItem(cart._id, itemId, { channel: 'sms' });
    expect(removed.cart.items.map((item) => item.offeringId)).toEqual([ids.unlimited30]);
    expect((await failure(carts.removeItem(cart._id, itemId, { channel: 'sms' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps an agent discount when the customer reopens the cart in self-care, within the role limit', async () => {
    const { cart } = await carts.cartFor({ customerId: 'cust-stacy' }, 'agent');
    await carts.clear(cart._id, { channel: 'agent' });
    const added = await carts.addItem(
      cart._id,
      { offeringId: ids.dataBoost, characteristics: { dataSize: 50 } },
      { channel: 'agent' },
    );
    const itemId = added.cart.items[0]?.id ?? '';
    const tooMuch = await failure(
      carts.applyAgentDiscount(
        cart._id,
        itemId,
        { kind: 'percent', value: 15, grantedByRole: 'agent' },
        { channel: 'agent' },
      ),
    );
    expect(tooMuch.code).toBe('FORBIDDEN');
    const fromSelfcare = await failure(
      carts.applyAgentDiscount(
        cart._id,
        itemId,
        { kind: 'percent', value: 5, grantedByRole: 'agent' },
        { channel: 'selfcare' },
      ),
    );
    expect(fromSelfcare.code).toBe('FORBIDDEN');
    const discounted = await carts.applyAgentDiscount(
      cart._id,
      itemId,
      { kind: 'percent', value: 10, grantedByRole: 'agent' },
      { channel: 'agent', actorId: 'agent-maria' },
    );
    expect(discounted.price.lines[0]?.agentDiscounts).toHaveLength(1);
    const selfcare = await carts.getCart(cart._id, 'selfcare');
    // €14.99 - 25% July self-care promotion = €11.24, then 10% agent goodwill = €10.12.
    expect(selfcare.problems).toEqual([]);
    expect(selfcare.price.totals.recurring.amount).toBe(1012);
    expect(selfcare.price.lines[0]?.agentDiscounts[0]?.amount.amount).toBe(-112);
  });

  it('merges a visitor cart into the customer cart once', async () => {
    const visitor = await carts.cartFor({ visitorId: 'vis-web-81' }, 'webchat');
    await carts.addItem(visitor.cart._id, { offeringId: ids.unlimited30 }, { channel: 'webchat' });
    h.customers.customers.set('cust-linked', {
      segment: 'consumer',
      customerId: 'cust-linked',
      currentPlanIds: [],
      subscriptionOfferingIds: [],
      tenureMonths: 0,
      region: 'IE',
      campaignIds: [],
      language: 'en-IE',
    });
    const customerCart = await carts.cartFor({ customerId: 'cust-linked' }, 'sms');
    await carts.addItem(customerCart.cart._id, { offeringId: ids.unlimited30 }, { channel: 'sms' });
    await carts
      .addItem(customerCart.cart._id, { offeringId: ids.roamWeek }, { channel: 'sms' })
      .catch(() => undefined);

    await carts.mergeVisitor('vis-web-81', 'cust-linked');
    await carts.mergeVisitor('vis-web-81', 'cust-linked');

    expect(await carts.findCartOf({ visitorId: 'vis-web-81' })).toBeUndefined();
    const merged = await carts.getCart(customerCart.cart._id, 'selfcare');
    // The visitor's plan was already in the customer's cart: it is not added twice.
    expect(merged.cart.items.filter((item) => item.offeringId === ids.unlimited30)).toHaveLength(1);
    expect(merged.cart.mergedVisitorIds).toEqual(['vis-web-81']);

    // A visitor whose customer had no cart: the visitor cart becomes hers.
    const lone = await carts.cartFor({ visitorId: 'vis-web-82' }, 'webchat');
    await carts
      .addItem(lone.cart._id, { offeringId: ids.roamWeek }, { channel: 'webchat' })
      .catch(() => undefined);
    await carts.addItem(lone.cart._id, { offeringId: ids.unlimited30 }, { channel: 'webchat' });
    await carts.mergeVisitor('vis-web-82', 'cust-new-83');
    const adopted = await carts.findCartOf({ customerId: 'cust-new-83' });
    expect(adopted?._id).toBe(lone.cart._id);
    expect(adopted?.visitorId).toBeUndefined();
  });
});
