import { TokenService } from '../../../src/infra/auth/tokens';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { eventually, forgetOpenOrders, outboxTo, startAppNode } from '../bot/bot-harness';
import type { AppNode } from '../bot/bot-harness';
import { chatOnWhatsapp, contentOf } from '../whatsapp/harness';

const stacyId = seededCustomerIds.stacy;

/**
 * The journey's WhatsApp leg: Stacy asks about the summer promotion on WhatsApp, the bot (which
 * knows her by her number) puts it in her one cart, and she finishes in self-care at the
 * self-care price; the completion reaches her by text, and her one timeline shows both channels.
 */
describe('she asks on WhatsApp and finishes in self-care', () => {
  let node: AppNode;

  beforeAll(async () => {
    node = await startAppNode();
    await forgetOpenOrders(node, stacyId);
  });
  afterAll(async () => node?.runtime.stop());

  it('keeps one cart from a WhatsApp chat to a self-care order', async () => {
    const answer = await chatOnWhatsapp(node, stacyMobile, 'tell me about the summer data double');
    let reply = answer;
    if (!/Added/.test(answer.body)) {
      // The offer with its button: she taps "Add to cart".
      const buttons = answer.content_sid
        ? (await contentOf(node, answer.content_sid))['twilio/quick-reply']?.actions
        : undefined;
      const add = buttons?.find((button) => /add/i.test(button.title));
      reply = add
        ? await chatOnWhatsapp(node, stacyMobile, add.title, { payload: add.id })
        : await chatOnWhatsapp(node, stacyMobile, 'add it to my cart');
    }
    expect(reply.body).toMatch(/Added \*?Summer Data Double/);
    // WhatsApp shows the price the SMS would: the promotion's.
    expect(reply.body).toMatch(/£5\.00 a month/);

    const token = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${node.url}${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-channel': 'selfcare',
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    const [cart] = (await (await api('/tmf-api/shoppingCart/v4/shoppingCart')).json()) as Array<{
      id: string;
      cartItem: Array<{ productOffering: { id: string } }>;
      cartTotalPrice: Array<{ priceType: string; price: { taxIncludedAmount: { value: number } } }>;
    }>;
    expect(cart!.cartItem.map((item) => item.productOffering.id)).toEqual([
      catalogSeedIds.summerDataDouble,
    ]);
    // Self-care's own price: 20% off the monthly fee there.
    const monthly = cart!.cartTotalPrice.find((total) => total.priceType === 'recurring');
    expect(monthly?.price.taxIncludedAmount.value).toBe(4);

    const placed = await api('/tmf-api/productOrderingManagement/v4/productOrder', {
      method: 'POST',
      headers: { 'idempotency-key': 'stacy-whatsapp-journey-1' },
      body: JSON.stringify({ shoppingCart: { id: cart!.id } }),
    });
    expect(placed.status).toBe(201);
    const order = (await placed.json()) as { id: string };
    const stored = await node.runtime.mongo.connection
      .collection<{ _id: string; reference?: string }>('productOrders')
      .findOne({ _id: order.id });
    const reference = stored?.reference ?? order.id;

    // Ordered in self-care, so she hears by text, as self-care told her.
    await eventually(
      () => outboxTo(node, stacyMobile),
      (messages) => messages.some((message) => message.body.includes(`Order ${reference}.`)),
      30_000,
    );

    const { items } = await node.features.customers.services.interactions.timeline(
      { customerId: stacyId },
      { limit: 200 },
    );
    const steps = items.map((item) => `${item.channel} ${item.kind} ${item.direction}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        'whatsapp message inbound',
        'whatsapp message outbound',
        'whatsapp cart-change inbound',
        'selfcare order inbound',
        'sms message outbound',
      ]),
    );
  });
});
