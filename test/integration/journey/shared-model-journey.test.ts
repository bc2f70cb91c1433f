import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { TokenService } from '../../../src/infra/auth/tokens';
import { seedDemoData } from '../../../src/seed/demo-data';
import { catalogSeedIds, summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

const stacyId = seededCustomerIds.stacy;
const agentKey = 'agent-desk-secret-0123456789';

interface OfferSummary {
  id: string;
  price: { recurring: { unit: string; value: number } };
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The seed journey on the shared model, every step through the real services: a cart started over
 * SMS, continued and checked out in self-care at the self-care price, activated through the
 * provisioning stand-in, told by SMS, and every step on one timeline with its channel.
 */
describe('journey on the shared model', () => {
  let runtime: TestRuntime;
  let features: ApplicationFeatures;
  let stacy: string;

  beforeAll(async () => {
    features = createApplicationFeatures();
    runtime = await startTestRuntime({
      env: { API_KEYS: `agent-desk:agent:${agentKey}` },
      configure: async (context) => {
        await features.configure(context);
        await seedDemoData({
          catalog: features.catalog.services.catalog,
          customerModels: features.customers.services.models,
        });
      },
      configureApp: features.configureApp,
    });
    stacy = await new TokenService(runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );
  });
  afterAll(async () => runtime?.stop());

  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${runtime.url}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  it('prices the promotion per channel: the self-care discount applies in self-care only', async () => {
    const offerOn = async (channel: string) => {
      const response = await api(
        `/api/offers?channel=${channel}&campaignId=${summerDataDoubleCampaignId}`,
        {
          token: stacy,
        },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { offers: OfferSummary[] };
      const summer = body.offers.find((offer) => offer.id === catalogSeedIds.summerDataDouble);
      expect(summer).toBeDefined();
      return summer!.price.recurring.value;
    };
    const selfCare = await offerOn('selfcare');
    const webChat = await offerOn('webchat');
    expect(selfCare).toBeLessThan(webChat);
  });

  it('carries one cart from SMS to self-care, orders once, activates, and tells her by SMS', async () => {
    // SMS: the bot's side of the journey, through the same cart service every channel uses.
    const carts = features.commerce.services.carts;
    const smsCart = await carts.cartFor({ customerId: stacyId }, 'sms');
    await carts.attributeCampaign(smsCart.cart._id, summerDataDoubleCampaignId, { channel: 'sms' });
    await carts.addItem(
      smsCart.cart._id,
      {
        offeringId: catalogSeedIds.summerDataDouble,
        action: 'add',
        quantity: 1,
        characteristics: {},
      },
      { channel: 'sms' },
    );

    // Self-care: the same cart, priced for self-care.
    const listed = await api('/tmf-api/shoppingCart/v4/shoppingCart', { token: stacy });
    expect(listed.status).toBe(200);
    const [cart] = (await listed.json()) as Array<{
      id: string;
      cartItem: Array<{ productOffering: { id: string } }>;
    }>;
    expect(cart?.id).toBe(smsCart.cart._id);
    expect(cart?.cartItem.map((item) => item.productOffering.id)).toEqual([
      catalogSeedIds.summerDataDouble,
    ]);

    // Checkout twice with one key: one order.
    const checkout = () =>
      api('/tmf-api/productOrderingManagement/v4/productOrder', {
        method: 'POST',
        token: stacy,
        headers: { 'idempotency-key': 'stacy-summer-checkout-1' },
        body: JSON.stringify({ shoppingCart: { id: cart!.id } }),
      });
    const first = await checkout();
    expect(first.status).toBe(201);
    const order = (await first.json()) as { id: string; channel: Array<{ id: string }> };
    const replay = await checkout();
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { id: string }).id).toBe(order.id);

    // Activation runs through BullMQ and the provisioning stand-in.
    const completed = await eventually(
      async () =>
        (await (
          await api(`/tmf-api/productOrderingManagement/v4/productOrder/${order.id}`, {
            token: stacy,
          })
        ).json()) as { state: string },
      (value) => value.state === 'completed' || value.state === 'failed',
    );
    expect(completed.state).toBe('completed');

    const customer = (await (
      await api(`/tmf-api/customerManagement/v4/customer/${stacyId}`, { token: stacy })
    ).json()) as {
      subscription: Array<{ productOffering: { id: string } }>;
    };
    expect(customer.subscription.map((entry) => entry.productOffering.id)).toEqual(
      expect.arrayContaining([catalogSeedIds.unlimited30, catalogSeedIds.summerDataDouble]),
    );

    // The completion SMS reached the Twilio stand-in's outbox, exactly once, naming the order by
    // the short reference she can quote.
    const stored = await runtime.mongo.connection
      .collection<{ _id: string; reference?: string }>('productOrders')
      .findOne({ _id: order.id });
    const reference = stored?.reference ?? order.id;
    expect(reference).toMatch(/^\d{4,}$/);
    const outbox = await eventually(
      async () =>
        (
          (await (await api('/dev/twilio/messages')).json()) as {
            messages: Array<{ to: string; body: string }>;
          }
        ).messages,
      (messages) =>
        messages.some(
          (message) => message.to === stacyMobile && message.body.includes(`Order ${reference}.`),
        ),
    );
    expect(outbox.filter((message) => message.body.includes(`Order ${reference}.`))).toHaveLength(
      1,
    );

    // One timeline, newest first, every step with its channel.
    interface TimelineEntry {
      kind: string;
      direction: string;
      description: string;
      channel: Array<{ channel: { id: string } }>;
    }
    const timeline = await eventually(
      async () =>
        (await (
          await api(
            `/tmf-api/partyInteraction/v4/partyInteraction?relatedParty.id=${stacyId}&limit=100`,
            {
              token: stacy,
            },
          )
        ).json()) as TimelineEntry[],
      (entries) => entries.some((entry) => entry.kind === 'message'),
    );
    const steps = timeline.map(
      (entry) =>
        `${entry.channel[0]?.channel.id} ${entry.kind} ${entry.direction}: ${entry.description}`,
    );
    expect(steps[0]).toBe('sms message outbound: Order completion SMS sent');
    expect(steps).toEqual(
      expect.arrayContaining([
        'sms cart-change inbound: Attributed to campaign cmp-summer-data-double',
        'sms cart-change inbound: Add Summer Data Double',
        expect.stringMatching(new RegExp(`^selfcare order inbound: Order ${order.id} placed`)),
        `system order outbound: Order ${order.id} is active`,
      ]),
    );
  });
});
