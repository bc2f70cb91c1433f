import type { ChatMessageView } from '../../../src/connectors/webchat/chat-events';
import { TokenService } from '../../../src/infra/auth/tokens';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { converse, eventually, outboxTo, startAppNode } from '../bot/bot-harness';
import type { AppNode } from '../bot/bot-harness';
import { connectChat, send, textOf } from '../webchat/harness';
import type { ChatClient, ChatNode } from '../webchat/harness';

const stacyId = seededCustomerIds.stacy;

/**
 * The seed's journey across channels with every real part: Stacy starts a cart by SMS with the bot,
 * continues in web chat where the same bot shows the same cart, checks out in self-care at the
 * self-care price, the activation completes and the completion SMS arrives; her one timeline shows
 * every step with its channel.
 */
describe('one purchase across SMS, web chat and self-care', () => {
  let node: AppNode;
  let client: ChatClient | undefined;

  beforeAll(async () => {
    node = await startAppNode();
  });
  afterAll(async () => {
    client?.close();
    await node?.runtime.stop();
  });

  it('keeps one cart and one history while she hops channels, and orders at the self-care price', async () => {
    // SMS: the promotion from the text, added by the bot.
    const promo = await converse(node, stacyMobile, 'I want the summer data double');
    expect(promo).toMatch(/Added Summer Data Double|Summer Data Double/);
    if (!/Added/.test(promo)) {
      expect(await converse(node, stacyMobile, 'add it to my cart')).toMatch(
        /Added Summer Data Double/,
      );
    }

    // Web chat, signed in: the same bot, the same cart.
    const token = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );
    const connected = await connectChat({ url: node.url } as ChatNode, { customerToken: token });
    client = connected.client;
    await connected.received.history();
    const ack = await send(client, { text: 'show my cart' });
    expect(ack.ok).toBe(true);
    const cartAnswer = await connected.received.message(
      (message: ChatMessageView) => message.inReplyTo === (ack.ok ? ack.messageId : ''),
    );
    expect(textOf(cartAnswer)).toMatch(/Summer Data Double/);

    // Self-care: the same cart priced for self-care (20% off the monthly fee there), then checkout.
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
    const monthly = cart!.cartTotalPrice.find((total) => total.priceType === 'recurring');
    expect(monthly?.price.taxIncludedAmount.value).toBe(4);

    const placed = await api('/tmf-api/productOrderingManagement/v4/productOrder', {
      method: 'POST',
      headers: { 'idempotency-key': 'stacy-journey-1' },
      body: JSON.stringify({ shoppingCart: { id: cart!.id } }),
    });
    expect(placed.status).toBe(201);
    const order = (await placed.json()) as { id: string };
    // The completion SMS names the order by the short reference she can quote, not its id.
    const stored = await node.runtime.mongo.connection
      .collection<{ _id: string; reference?: string }>('productOrders')
      .findOne({ _id: order.id });
    const reference = stored?.reference ?? order.id;
    expect(reference).toMatch(/^\d{4,}$/);

    const completion = await eventually(
      () => outboxTo(node, stacyMobile),
      (messages) => messages.some((message) => message.body.includes(`Order ${reference}.`)),
      30_000,
    );
    expect(
      completion.filter((message) => message.body.includes(`Order ${reference}.`)),
    ).toHaveLength(1);

    const { items } = await node.features.customers.services.interactions.timeline(
      { customerId: stacyId },
      { limit: 200 },
    );
    const steps = items.map((item) => `${item.channel} ${item.kind} ${item.direction}`);
    expect(steps).toEqual(
      expect.arrayContaining([
        'sms message inbound',
        'sms message outbound',
        'sms cart-change inbound',
        'webchat message inbound',
        'webchat message outbound',
        'selfcare order inbound',
        'system order outbound',
      ]),
    );
  });
});
