import type { Queue } from 'bullmq';
import type { CommerceServices } from '../../../src/domain/commerce/commerce-services';
import { AppError } from '../../../src/domain/shared/errors';
import { ORDER_ACTIVATION_QUEUE } from '../../../src/features/commerce';
import { ids } from '../../unit/domain/fixtures/telecom-catalog';
import { eventsNamed, eventually, startCommerce } from './commerce-harness';
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

describe('quote, order capture and activation', () => {
  let h: CommerceHarness;
  let services: CommerceServices;
  let activationQueue: Queue;

  beforeAll(async () => {
    h = await startCommerce({ activation: { attempts: 4, backoffDelayMs: 50 } });
    services = h.feature.services;
    activationQueue = h.runtime.queues.queue(ORDER_ACTIVATION_QUEUE);
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A cart for a fresh customer on the 30 GB plan, holding a 50 GB Data Boost. */
  async function cartWithBoost(customerId: string) {
    h.customers.customers.set(customerId, {
      customerId,
      segment: 'consumer',
      currentPlanIds: [ids.unlimited30],
      subscriptionOfferingIds: [ids.unlimited30],
      tenureMonths: 30,
      region: 'IE',
      campaignIds: [],
      language: 'en-IE',
    });
    const { cart } = await services.carts.cartFor({ customerId }, 'selfcare');
    return services.carts.addItem(
      cart._id,
      { offeringId: ids.dataBoost, characteristics: { dataSize: 50 } },
      { channel: 'selfcare' },
    );
  }

  async function jobFinished(orderId: string): Promise<string> {
    return eventually(`activation job of ${orderId} to finish`, async () => {
      const state = await (await activationQueue.getJob(orderId))?.getState();
      return state === 'completed' || state === 'failed' ? state : undefined;
    });
  }

  it('makes a quote that another channel opens by id with the prices it was made with', async () => {
    const { cart } = await cartWithBoost('cust-quote-1');
    const made = await services.quotes.createQuote(cart._id, 'selfcare');
    expect(made.quote.state).toBe('approved');
    expect(made.quote.validFor.endDateTime.toISOString()).toBe('2025-07-22T10:00:00.000Z');
    const opened = await services.quotes.getQuote(made.quote._id);
    // Self-care July promotion: €14.99 - 25% = €11.24, whichever channel opens it.
    expect(opened.quote.totals.recurring.amount).toBe(1124);
    expect(opened.expired).toBe(false);
    expect(eventsNamed(h.events, 'quote.created').map((event) => event.payload.quoteId)).toContain(
      made.quote._id,
    );
    expect(
      h.timeline.entries.some(
        (entry) => entry.kind === 'quote' && entry.ref?.id === made.quote._id,
      ),
    ).toBe(true);

    h.clock.set('2025-07-23T10:00:00Z');
    try {
      expect((await services.quotes.getQuote(made.quote._id)).expired).toBe(true);
      const late = await failure(services.quotes.changeState(made.quote._id, 'accepted', 'voice'));
      expect(late.code).toBe('UNPROCESSABLE');
    } finally {
      h.clock.set('2025-07-15T10:00:00Z');
    }
    const rejected = await services.quotes.changeState(made.quote._id, 'rejected', 'voice');
    expect(rejected.quote.state).toBe('rejected');
    expect(
      (await failure(services.quotes.changeState(made.quote._id, 'accepted', 'voice'))).code,
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('turns the same checkout twice (even at once) into one order and empties the cart', async () => {
    const { cart } = await cartWithBoost('cust-idem-1');
    const [first, second] = await Promise.all([
      services.orders.checkout({
        cartId: cart._id,
        channel: 'selfcare',
        idempotencyKey: 'checkout-7f3a9c21',
      }),
      services.orders.checkout({
        cartId: cart._id,
        channel: 'selfcare',
        idempotencyKey: 'checkout-7f3a9c21',
      }),
    ]);
    expect(second.order._id).toBe(first.order._id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    const again = await services.orders.checkout({
      cartId: cart._id,
      channel: 'selfcare',
      idempotencyKey: 'checkout-7f3a9c21',
    });
    expect(again).toMatchObject({ created: false, order: { _id: first.order._id } });
    expect(await services.models.Order.countDocuments({ customerId: 'cust-idem-1' })).toBe(1);
    const emptied = await services.carts.getCart(cart._id, 'selfcare');
    expect(emptied.cart.items).toEqual([]);
    expect(emptied.cart.version).toBe(cart.version + 1);
    expect(first.order.items[0]).toMatchObject({
      offeringId: ids.dataBoost,
      characteristics: { dataSize: 50 },
    });
    expect(first.order.totals.recurring.amount).toBe(1124);
    expect(
      eventsNamed(h.events, 'order.created').filter(
        (event) => event.payload.orderId === first.order._id,
      ),
    ).toHaveLength(1);
    await jobFinished(first.order._id);
  });

  it('treats a checkout of the same cart version without a key as the same checkout', async () => {
    const { cart } = await cartWithBoost('cust-idem-2');
    const first = await services.orders.checkout({
      cartId: cart._id,
      channel: 'selfcare',
      expectedVersion: cart.version,
    });
    const repeat = await services.orders.checkout({
      cartId: cart._id,
      channel: 'selfcare',
      expectedVersion: cart.version,
    });
    expect(repeat).toMatchObject({ created: false, order: { _id: first.order._id } });
    const empty = await failure(
      services.orders.checkout({ cartId: cart._id, channel: 'selfcare' }),
    );
    expect(empty.code).toBe('UNPROCESSABLE');
    await jobFinished(first.order._id);
  });

  it('refuses a visitor checkout and an agent checkout without consent', async () => {
    const visitor = await services.carts.cartFor({ visitorId: 'vis-checkout-1' }, 'webchat');
    await services.carts.addItem(
      visitor.cart._id,
      { offeringId: ids.unlimited30 },
      { channel: 'webchat' },
    );
    const refused = await failure(
      services.orders.checkout({ cartId: visitor.cart._id, channel: 'webchat' }),
    );
    expect(refused.code).toBe('UNPROCESSABLE');
    expect(refused.message).toMatch(/visitor/i);

    const { cart } = await cartWithBoost('cust-consent-1');
    const noConsent = await failure(
      services.orders.checkout({ cartId: cart._id, channel: 'agent' }),
    );
    expect(noConsent.message).toMatch(/consent/);
  });

  it('activates through provisioning that fails twice: one service order, completed once', async () => {
    h.provisioning.standIn.failNext(2, 503);
    const { cart } = await cartWithBoost('cust-activate-1');
    const { order } = await services.orders.checkout({ cartId: cart._id, channel: 'selfcare' });
    expect(await jobFinished(order._id)).toBe('completed');

    const activated = await services.orders.getOrder(order._id);
    expect(activated.state).toBe('completed');
    expect(activated.stateHistory.map((change) => change.to)).toEqual([
      'acknowledged',
      'inProgress',
      'completed',
    ]);
    expect(h.provisioning.standIn.submissionsFor(order._id)).toBe(3);
    expect(
      h.provisioning.standIn.serviceOrders().filter((so) => so.externalId === order._id),
    ).toHaveLength(1);
    expect(activated.serviceOrder?.state).toBe('completed');
    expect(
      eventsNamed(h.events, 'order.completed').filter(
        (event) => event.payload.orderId === order._id,
      ),
    ).toHaveLength(1);
    expect(h.subscriptions.applied.filter((applied) => applied.orderId === order._id)).toEqual([
      {
        orderId: order._id,
        customerId: 'cust-activate-1',
        items: [
          {
            action: 'add',
            offeringId: ids.dataBoost,
            offeringName: 'Data Boost',
            characteristics: { dataSize: 50 },
            quantity: 1,
          },
        ],
      },
    ]);
    // Running the activation again (a redelivered job) changes nothing.
    await services.activation.activate(order._id, { isFinalAttempt: false });
    expect(h.provisioning.standIn.submissionsFor(order._id)).toBe(3);
    expect(h.subscriptions.applied.filter((applied) => applied.orderId === order._id)).toHaveLength(
      1,
    );
    expect(
      h.timeline.entries
        .filter((entry) => entry.kind === 'order' && entry.ref?.id === order._id)
        .map((entry) => entry.details?.to ?? 'placed'),
    ).toEqual(['placed', 'inProgress', 'completed']);
  });

  it('fails the order at once when provisioning refuses it (4xx)', async () => {
    h.provisioning.standIn.failNext(1, 422);
    const { cart } = await cartWithBoost('cust-refused-1');
    const { order } = await services.orders.checkout({ cartId: cart._id, channel: 'selfcare' });
    await jobFinished(order._id);
    const failed = await services.orders.getOrder(order._id);
    expect(failed.state).toBe('failed');
    expect(failed.failureReason).toMatch(/422/);
    expect(h.provisioning.standIn.submissionsFor(order._id)).toBe(1);
    expect(
      eventsNamed(h.events, 'order.failed').filter((event) => event.payload.orderId === order._id),
    ).toHaveLength(1);
    expect(h.subscriptions.applied.some((applied) => applied.orderId === order._id)).toBe(false);
  });

  it('fails the order after the last retry when provisioning stays down', async () => {
    h.provisioning.standIn.failNext(4, 503);
    const { cart } = await cartWithBoost('cust-outage-1');
    const { order } = await services.orders.checkout({ cartId: cart._id, channel: 'selfcare' });
    await jobFinished(order._id);
    expect((await services.orders.getOrder(order._id)).state).toBe('failed');
    expect(h.provisioning.standIn.submissionsFor(order._id)).toBe(4);
  });

  it('cancels while the state machine allows it, never after completion', async () => {
    const { cart } = await cartWithBoost('cust-cancel-1');
    // Activation waits (queue paused) so the order is still acknowledged when cancelled.
    await activationQueue.pause();
    try {
      const { order } = await services.orders.checkout({ cartId: cart._id, channel: 'selfcare' });
      const cancelled = await services.orders.cancel(order._id, {
        channel: 'voice',
        reason: 'Changed her mind',
      });
      expect(cancelled).toMatchObject({
        state: 'cancelled',
        cancellationReason: 'Changed her mind',
      });
      const again = await failure(services.orders.cancel(order._id, { channel: 'voice' }));
      expect(again.code).toBe('ILLEGAL_TRANSITION');
      await activationQueue.resume();
      await jobFinished(order._id);
      // The activation found it cancelled and left it alone.
      expect((await services.orders.getOrder(order._id)).state).toBe('cancelled');
      expect(h.provisioning.standIn.submissionsFor(order._id)).toBe(0);
    } finally {
      await activationQueue.resume();
    }
    const { cart: second } = await cartWithBoost('cust-cancel-2');
    const { order: done } = await services.orders.checkout({
      cartId: second._id,
      channel: 'selfcare',
    });
    await jobFinished(done._id);
    const late = await failure(services.orders.cancel(done._id, { channel: 'selfcare' }));
    expect(late.code).toBe('ILLEGAL_TRANSITION');
  });
});
