import { catalogSeedIds, summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { connectChat, send, textOf } from '../webchat/harness';
import type { ChatClient, ChatNode } from '../webchat/harness';
import { startPortal } from '../web/portal-harness';
import type { Portal } from '../web/portal-harness';

const stacyId = seededCustomerIds.stacy;
const summer = catalogSeedIds.summerDataDouble;

/**
 * A campaign recipient walks the surfaces of one promotion (Summer Data Double: £5 a month, £1 off
 * for the campaign, 20% off in self-care) and sees one price per channel, each with what makes it:
 * £4 on the web (landing page, chat) and £3 in self-care (offer, cart, quote, order).
 */
describe('one campaign price on every surface', () => {
  let portal: Portal;
  let campaignToken: string;
  let stacy: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    portal = await startPortal();
    campaignToken = await portal.features.customers.services.identities.createCampaignLinkToken({
      customerId: stacyId,
      campaignId: summerDataDoubleCampaignId,
    });
    stacy = await portal.customerToken(stacyId);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await portal?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${portal.url}${path}`, { headers, redirect: 'manual' });

  it('shows the campaign price on the landing page of her link, to a browser that never signed in', async () => {
    const body = await (await get(`/offers/${summer}?c=${campaignToken}`)).text();
    expect(body).toContain('<strong>£4.00 a month</strong>');
    expect(body).toContain('Campaign price');
    expect(body).toContain('Even less in self-care: <strong>£3.00 a month</strong>');
    expect(body).not.toContain('Stacy');
    // Without the link it is the plain web price: the campaign comes from the link alone.
    const plain = await (await get(`/offers/${summer}`)).text();
    expect(plain).toContain('<strong>£5.00 a month</strong>');
    expect(plain).not.toContain('Campaign price');
  });

  it('quotes and confirms the same web price in the chat', async () => {
    const { client, received } = await connectChat({ url: portal.url } as ChatNode, {
      customerToken: stacy,
      campaignToken,
    });
    clients.push(client);
    await received.message((message) => message.author === 'bot');
    const ask = async (text: string) => {
      const ack = await send(client, { text });
      return textOf(
        await received.message((message) => message.inReplyTo === (ack.ok && ack.messageId)),
      );
    };
    const quoted = await ask('How much is Summer Data Double?');
    // The web price, and the list price it came down from said as such.
    expect(quoted).toContain('£4.00 a month');
    expect(quoted.replace('(was £5.00 a month)', '')).not.toMatch(/£[35](\.00)?\b/);
    const added = await ask('Add Summer Data Double to my cart');
    expect(added).toContain('Added Summer Data Double to your cart');
    expect(added).toContain('£4.00 a month');
    expect(added.replace('(was £5.00 a month)', '')).not.toMatch(/£[35](\.00)?\b/);
  });

  it('prices the self-care offer, cart, quote and order at the one self-care price', async () => {
    const offer = (await (
      await get(`/api/self-care/offerings/${summer}`, { authorization: `Bearer ${stacy}` })
    ).json()) as { price: { headline: string; labels: string[] } };
    expect(offer.price.headline).toBe('£3.00 a month');
    expect(offer.price.labels).toEqual(['self-care 20% off', 'campaign price']);

    const { carts, quotes, orders } = portal.features.commerce.services;
    const stored = await carts.findCartOf({ customerId: stacyId });
    expect(stored?.campaignId).toBe(summerDataDoubleCampaignId);
    const onWeb = await carts.getCart(stored!._id, 'webchat');
    expect(onWeb.price.totals.recurring.amount).toBe(400);
    // The agent's panel reads her cart on the agent channel: the campaign price, no self-care discount.
    const forAgent = await carts.getCart(stored!._id, 'agent');
    expect(forAgent.price.totals.recurring.amount).toBe(400);
    const inSelfCare = await carts.getCart(stored!._id, 'selfcare');
    expect(inSelfCare.price.totals.recurring.amount).toBe(300);
    const line = inSelfCare.price.lines.find((entry) => entry.offeringId === summer)!;
    expect(line.charges.flatMap((charge) => charge.adjustments.map((a) => a.label))).toEqual([
      'self-care 20% off',
      'campaign price',
    ]);

    const quote = await quotes.createQuote(stored!._id, 'selfcare');
    expect(quote.quote.totals.recurring.amount).toBe(300);
    const { order } = await orders.checkout({ cartId: stored!._id, channel: 'selfcare' });
    expect(order.totals.recurring.amount).toBe(300);
  });
});
