import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { converse, eventually, outboxTo, startAppNode } from './bot-harness';
import type { AppNode } from './bot-harness';

const stacyId = seededCustomerIds.stacy;

/**
 * Stacy buys a Data Boost entirely by SMS: every message goes through the signed Twilio webhook,
 * the inbound queue, the bot and the outbound queue to the stand-in's outbox.
 */
describe('an SMS conversation from browsing to an activated order', () => {
  let node: AppNode;

  beforeAll(async () => {
    node = await startAppNode();
  });
  afterAll(async () => node?.runtime.stop());

  it('browses, adds a configured offer, checks out, and the completion SMS arrives', async () => {
    const greeting = await converse(node, stacyMobile, 'hi there');
    expect(greeting).toContain('Stacy');

    const offers = await converse(node, stacyMobile, 'what offers do you have?');
    expect(offers).toMatch(/Data Boost/);
    expect(offers).toMatch(/Reply 1-\d/);

    const question = await converse(node, stacyMobile, 'I want the data boost');
    expect(question).toMatch(/data size/i);
    expect(question).toMatch(/20 GB/);
    // The numbered options, as the SMS showed them.
    const twentyGb = /(\d)\) 20 GB/.exec(question)?.[1];
    expect(twentyGb).toBeDefined();

    const startQuestion = await converse(node, stacyMobile, twentyGb!);
    expect(startQuestion).toMatch(/start/i);
    const added = await converse(node, stacyMobile, 'immediately');
    expect(added).toMatch(/Added Data Boost/);

    const cart = await node.features.commerce.services.carts.cartFor(
      { customerId: stacyId },
      'sms',
    );
    expect(cart.cart.items).toHaveLength(1);
    expect(cart.cart.items[0]).toMatchObject({
      offeringId: catalogSeedIds.dataBoost,
      characteristics: { dataSize: 20, startDate: 'immediately' },
      addedOn: 'sms',
    });

    const confirm = await converse(node, stacyMobile, 'check out please');
    expect(confirm).toMatch(/Place this order/);
    expect(confirm).toMatch(/Reply Y to confirm/);
    const placed = await converse(node, stacyMobile, 'Y');
    const reference = /Your order number is (\d{4,})\./.exec(placed)?.[1];
    expect(reference).toBeDefined();
    const [placedOrder] = (
      await node.features.commerce.services.orders.listOrders(
        { customerId: stacyId },
        { offset: 0, limit: 1 },
      )
    ).orders;
    expect(placedOrder!.reference).toBe(reference);
    const orderId = placedOrder!._id;

    const order = await eventually(
      () => node.features.commerce.services.orders.getOrder(orderId),
      (current) => current.state === 'completed',
      30_000,
    );
    expect(order).toMatchObject({
      channel: 'sms',
      customerConsent: { given: true, method: 'sms-reply' },
    });

    const completion = await eventually(
      () => outboxTo(node, stacyMobile),
      (messages) => messages.some((message) => message.body.includes('is now active')),
    );
    expect(completion.at(-1)!.body).toContain(`Order ${reference}.`);
    expect(completion.at(-1)!.body).not.toContain(orderId);

    // Every message in and out is on her timeline with its channel.
    const { items } = await node.features.customers.services.interactions.timeline(
      { customerId: stacyId },
      { limit: 100 },
    );
    const messages = items.filter((item) => item.kind === 'message' && item.channel === 'sms');
    expect(messages.filter((item) => item.direction === 'inbound')).toHaveLength(7);
    expect(messages.filter((item) => item.direction === 'outbound').length).toBeGreaterThanOrEqual(
      7,
    );
    expect(items.some((item) => item.kind === 'order' && item.channel === 'sms')).toBe(true);
  });
});
