import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { eventually, forgetOpenOrders, outboxTo, startAppNode } from '../bot/bot-harness';
import type { AppNode } from '../bot/bot-harness';
import { chatOnWhatsapp, contentOf, whatsappOutboxTo } from './harness';

const stacyId = seededCustomerIds.stacy;

/**
 * Stacy buys a Data Boost on WhatsApp: every message goes through the signed webhook, the queue,
 * the bot and Twilio's Messages API (the stand-in) with `whatsapp:` addresses. She is the same
 * person as on SMS; options come as a list or buttons she taps; a tap answers as a web button does.
 */
describe('a WhatsApp conversation from browsing to an activated order', () => {
  let node: AppNode;

  beforeAll(async () => {
    node = await startAppNode();
    await forgetOpenOrders(node, stacyId);
  });
  afterAll(async () => node?.runtime.stop());

  it('lists, taps, confirms with a button, and the completion arrives on WhatsApp', async () => {
    const greeting = await chatOnWhatsapp(node, stacyMobile, 'hi');
    expect(greeting.from).toBe('whatsapp:+14155238886');
    expect(greeting.body).toContain('Stacy');

    // The offers as a WhatsApp list, every price under its item.
    const offers = await chatOnWhatsapp(node, stacyMobile, 'what offers do you have?');
    const list = (await contentOf(node, offers.content_sid!))['twilio/list-picker']!;
    const dataBoost = list.items.find((item) => item.item === 'Data Boost');
    expect(dataBoost?.description).toMatch(/^£\d+\.\d{2} a month/);
    expect(list.items.every((item) => item.item.length <= 24)).toBe(true);
    // A phone that cannot draw lists gets the numbered text instead.
    expect((await contentOf(node, offers.content_sid!))['twilio/text']!.body).toMatch(/1\)/);

    // She taps Data Boost in the list: the offer, in bold, with its button.
    const card = await chatOnWhatsapp(node, stacyMobile, 'Data Boost', {
      payload: dataBoost!.id,
      text: 'Data Boost',
    });
    expect(card.body).toMatch(/^\*Data Boost\*: £\d+\.\d{2} a month/);
    const add = (await contentOf(node, card.content_sid!))['twilio/quick-reply']!.actions;
    expect(add.map((action) => action.title)).toEqual(['Add to cart']);
    const sizes = await chatOnWhatsapp(node, stacyMobile, add[0]!.title, {
      payload: add[0]!.id,
    });
    expect(sizes.body).toMatch(/data size/i);
    const sizeList = (await contentOf(node, sizes.content_sid!))['twilio/list-picker']!;
    const twenty = sizeList.items.find((item) => item.item === '20 GB')!;
    expect(twenty.description).toMatch(/£\d+\.\d{2} a month/);

    const start = await chatOnWhatsapp(node, stacyMobile, '20 GB', {
      payload: twenty.id,
      text: '20 GB',
    });
    expect(start.body).toMatch(/start/i);
    // Typing works as well as tapping.
    const added = await chatOnWhatsapp(node, stacyMobile, 'immediately');
    expect(added.body).toMatch(/Added \*?Data Boost/);

    // One cart, whichever phone channel she uses.
    const cart = await node.features.commerce.services.carts.cartFor(
      { customerId: stacyId },
      'sms',
    );
    expect(cart.cart.items).toEqual([
      expect.objectContaining({
        offeringId: catalogSeedIds.dataBoost,
        characteristics: { dataSize: 20, startDate: 'immediately' },
        addedOn: 'whatsapp',
      }),
    ]);

    const confirm = await chatOnWhatsapp(node, stacyMobile, 'check out please');
    expect(confirm.body).toMatch(/Place this order/);
    const buttons = (await contentOf(node, confirm.content_sid!))['twilio/quick-reply']!;
    expect(buttons.actions.map((action) => action.id)).toEqual(['yes', 'no']);
    expect(buttons.actions.every((action) => action.title.length <= 20)).toBe(true);
    const yes = buttons.actions[0]!;

    const placed = await chatOnWhatsapp(node, stacyMobile, yes.title, {
      payload: yes.id,
      text: yes.title,
    });
    const reference = /Your order number is \*?(\d{4,})/.exec(placed.body)?.[1];
    expect(reference).toBeDefined();
    const [order] = (
      await node.features.commerce.services.orders.listOrders(
        { customerId: stacyId },
        { offset: 0, limit: 1 },
      )
    ).orders;
    expect(order).toMatchObject({
      reference,
      channel: 'whatsapp',
      customerConsent: { given: true, method: 'message-reply' },
    });

    // Activated: she is told on WhatsApp (her window is open), not by text.
    const completion = await eventually(
      () => whatsappOutboxTo(node, stacyMobile),
      (messages) => messages.some((message) => message.body.includes('is now active')),
      30_000,
    );
    expect(completion.at(-1)!.body).toContain(`Order ${reference}.`);
    expect((await outboxTo(node, stacyMobile)).some((m) => m.body.includes('is now active'))).toBe(
      false,
    );

    // Her one timeline: every WhatsApp message, each way, with its channel.
    const { items } = await node.features.customers.services.interactions.timeline(
      { customerId: stacyId },
      { limit: 100 },
    );
    const messages = items.filter((item) => item.kind === 'message' && item.channel === 'whatsapp');
    expect(messages.filter((item) => item.direction === 'inbound')).toHaveLength(8);
    expect(messages.filter((item) => item.direction === 'outbound').length).toBeGreaterThanOrEqual(
      7,
    );
    expect(items.some((item) => item.kind === 'order' && item.channel === 'whatsapp')).toBe(true);
    expect(items.some((item) => item.summary.startsWith('Order completion WhatsApp'))).toBe(true);
  });
});
