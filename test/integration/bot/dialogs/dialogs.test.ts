import type { BotChannel } from '../../../../src/bot/conversation';
import type { DomainEvent } from '../../../../src/domain/shared/events';
import { catalogSeedIds } from '../../../../src/seed/catalog';
import { seededCustomerIds } from '../../../../src/seed/customers';
import { startAppNode, forgetOpenOrders } from '../bot-harness';
import type { AppNode } from '../bot-harness';
import { Transcript } from './transcript';

const stacy = { customerId: seededCustomerIds.stacy };
const channels: BotChannel[] = ['sms', 'webchat', 'voice', 'whatsapp'];

/** How a customer picks the n-th option on each channel: a digit, a button, a spoken number. */
const spokenNumbers = ['zero', 'one', 'two', 'three', 'four', 'five'];

describe('sales dialogs as transcripts on SMS, web chat, voice and WhatsApp', () => {
  let node: AppNode;
  const handovers: Array<DomainEvent<'handover.requested'>> = [];

  beforeAll(async () => {
    // Orders stay in progress (provisioning unreachable), so Stacy never comes to hold what the
    // next test sells her again.
    node = await startAppNode({ env: { PROVISIONING_BASE_URL: 'http://127.0.0.1:9' } });
    node.runtime.events.subscribe('handover.requested', (event) => {
      handovers.push(event);
    });
  });
  afterAll(async () => node?.runtime.stop());

  /** Each test starts Stacy with no bot memory and an empty cart. */
  beforeEach(async () => {
    await forgetOpenOrders(node, stacy.customerId);
    await node.runtime.mongo.connection.collection('bot_state').deleteMany({});
    // A person-request of an earlier test would otherwise still hold her conversation.
    await node.runtime.mongo.connection.collection('handovers').deleteMany({});
    const cart = await node.features.commerce.services.carts.findCartOf(stacy);
    if (cart)
      await node.features.commerce.services.carts.deleteCart(cart._id, { channel: 'agent' });
    handovers.length = 0;
  });

  const cartOfStacy = () => node.features.commerce.services.carts.cartFor(stacy, 'agent');

  async function pick(
    t: Transcript,
    seen: { buttons: Array<{ value: string }> },
    n: number,
    value: string,
  ) {
    if (t.channel === 'sms') return t.say(String(n));
    if (t.channel === 'voice') return t.say(spokenNumbers[n]!);
    expect(seen.buttons.map((button) => button.value)).toContain(value);
    return t.press(value);
  }

  describe.each(channels)('on %s', (channel) => {
    it('greets her by name and offers what to do, in the form of the channel', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const hello = await t.say('hello');
      expect(hello.text).toContain('Hi Stacy');
      if (channel === 'sms') expect(hello.text).toMatch(/1\) See offers[\s\S]*Reply 1-3/);
      if (channel === 'webchat') {
        expect(hello.buttons).toEqual(
          expect.arrayContaining([{ label: 'See offers', value: 'cmd:browse' }]),
        );
      }
      if (channel === 'voice') {
        expect(hello.text).not.toMatch(/Reply|\d\)/);
        expect(hello.text).toMatch(/one/i);
      }
    });

    it('browses the offers for this channel and opens one with its price and why it is offered', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const list = await t.say('what offers do you have?');
      expect(list.text).toContain('Data Boost');
      const options = list.reply!.blocks.find((block) => block.kind === 'choices');
      const position =
        options!.kind === 'choices'
          ? options!.options.findIndex(
              (option) => option.id === `offer:${catalogSeedIds.dataBoost}`,
            ) + 1
          : 0;
      expect(position).toBeGreaterThan(0);
      const details = await pick(t, list, position, `offer:${catalogSeedIds.dataBoost}`);
      const card = details.reply!.blocks.find((block) => block.kind === 'offerCard');
      expect(card).toMatchObject({ offeringId: catalogSeedIds.dataBoost, name: 'Data Boost' });
      expect(card!.kind === 'offerCard' && card!.reasons!.length).toBeGreaterThan(0);
      expect(details.text).toMatch(/3/);
    });

    it('answers a price question in plain words with the price of the size she named', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const answer = await t.say('how much is the 20 GB add-on?');
      const card = answer.reply!.blocks.find((block) => block.kind === 'offerCard');
      expect(card).toMatchObject({
        offeringId: catalogSeedIds.dataBoost,
        price: { recurring: { amount: 800, currency: 'GBP' } },
      });
      expect(answer.text).toMatch(channel === 'voice' ? /8 pounds/ : /£8/);
    });

    it('adds an offer after asking for each of its characteristics, answered by pick or in words', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const sizeQuestion = await t.say('add the data boost');
      expect(sizeQuestion.text).toMatch(/data size/i);
      const startQuestion = await pick(t, sizeQuestion, 3, 'char:20');
      expect(startQuestion.text).toMatch(/start/i);
      const added = await t.say('next billing cycle');
      expect(added.text).toMatch(/Added Data Boost/);
      const { cart } = await cartOfStacy();
      expect(cart.items).toEqual([
        expect.objectContaining({
          offeringId: catalogSeedIds.dataBoost,
          characteristics: { dataSize: 20, startDate: 'next-billing-cycle' },
          addedOn: channel,
        }),
      ]);
    });

    it('shows, changes and removes cart items', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 20 GB data boost');
      await t.say('immediately');
      const cart = await t.say('show my cart');
      expect(cart.text).toMatch(/Data Boost \(20 GB, Immediately\)/);
      const changed = await t.say('make it 10 GB');
      expect(changed.text).toMatch(/10 GB/);
      expect((await cartOfStacy()).cart.items[0]!.characteristics).toMatchObject({ dataSize: 10 });
      const removed = await t.say('remove the data boost');
      expect(removed.text).toMatch(/Removed Data Boost/);
      expect((await cartOfStacy()).cart.items).toHaveLength(0);
    });

    it("quotes the cart at this channel's prices", async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 5 GB data boost');
      await t.say('immediately');
      const quote = await t.say('can I get a quote?');
      // A date as people say it, and no quote id she has no use for.
      expect(quote.written).toMatch(/held for you until \d{1,2} [A-Z][a-z]+( \d{4})?\./);
      expect(quote.text).not.toMatch(/\d{4}-\d{2}-\d{2}|qt_|quo_/);
      const stored = await node.runtime.mongo.connection
        .collection('quotes')
        .find({ customerId: stacy.customerId })
        .sort({ quoteDate: -1 })
        .limit(1)
        .next();
      expect(stored).toMatchObject({ channel, customerId: stacy.customerId });
    });

    it('checks out only after an explicit yes, recording how she agreed', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 5 GB data boost');
      await t.say('immediately');
      const confirm = await t.say('check out');
      expect(confirm.text).toMatch(
        /Place this order for £3.00 a month\?|Place this order for 3 pounds a month/,
      );
      const declined =
        channel === 'webchat' ? await t.press('no') : await t.say(channel === 'sms' ? 'N' : 'no');
      expect(declined.text).toMatch(/not placed the order/);
      await t.say('check out');
      const placed =
        channel === 'webchat' ? await t.press('yes') : await t.say(channel === 'sms' ? 'Y' : 'yes');
      // A short number she can quote, never the order id.
      const reference = /Your order number is (\d{4,})\./.exec(placed.written)?.[1];
      expect(reference).toBeDefined();
      expect(placed.text).not.toMatch(/po_/);
      const [order] = (
        await node.features.commerce.services.orders.listOrders(stacy, { offset: 0, limit: 1 })
      ).orders;
      expect(order).toMatchObject({
        reference,
        channel,
        customerConsent: {
          given: true,
          method: {
            sms: 'sms-reply',
            voice: 'verbal',
            webchat: 'click',
            whatsapp: 'message-reply',
          }[channel as 'sms'],
        },
      });
      const status = await t.say('where is my order?');
      expect(status.written).toContain(`Order ${reference} (Data Boost)`);
    });

    it('leaves an open question when she asks for something else, and stops on cancel', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the data boost');
      const cart = await t.say('show my cart');
      expect(cart.text).toMatch(/cart is empty/i);
      await t.say('add the data boost');
      const cancelled = await t.say('cancel');
      expect(cancelled.text).toMatch(/stopped/);
      expect((await cartOfStacy()).cart.items).toHaveLength(0);
    });

    it('answers help, and gets her a person when asked', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const help = await t.say('what can you do?');
      expect(help.text).toMatch(/offers/);
      const handover = await t.say('get me a human');
      expect(handover.result.handover).toMatchObject({ reason: 'customer-asked' });
      expect(handover.result.handover!.summary).toContain('Stacy Moreno');
      if (channel === 'voice') {
        // The call connector transfers the call and raises the handover itself.
        expect(handovers).toHaveLength(0);
        return;
      }
      expect(handover.text).toMatch(/colleague/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(handovers.map((event) => event.payload)).toEqual([
        expect.objectContaining({
          customerId: stacy.customerId,
          channel,
          reason: 'customer-asked',
        }),
      ]);
      const silent = await t.say('hello?');
      expect(silent.result.silenced).toBe(true);
      expect(silent.text).toBe('');
    });
  });

  it('is one conversation per customer, whichever channel she continues on', async () => {
    const bySms = await Transcript.start(node, 'sms', stacy);
    const size = await bySms.say('I would like the data boost');
    expect(size.text).toMatch(/data size/i);
    const onWeb = await Transcript.start(node, 'webchat', stacy);
    const start = await onWeb.press('char:20');
    expect(start.text).toMatch(/start/i);
    const byPhone = await Transcript.start(node, 'voice', stacy);
    const added = await byPhone.say('straight away, immediately');
    expect(added.text).toMatch(/Added Data Boost/);
    const { cart } = await cartOfStacy();
    expect(cart.items).toEqual([
      expect.objectContaining({
        characteristics: { dataSize: 20, startDate: 'immediately' },
        addedOn: 'voice',
      }),
    ]);
    const timeline = await node.features.customers.services.interactions.timeline(stacy, {
      kind: 'message',
      limit: 20,
    });
    expect(new Set(timeline.items.slice(0, 4).map((item) => item.channel))).toEqual(
      new Set(['sms', 'webchat']),
    );
  });

  it('explains what it cannot do instead of failing the turn', async () => {
    const t = await Transcript.start(node, 'sms', stacy);
    const tooMany = await t.say('add the data boost 40 times');
    expect(tooMany.text).toMatch(/up to 10 at a time/);
    const unknown = await t.press('offer:po-does-not-exist');
    expect(unknown.text).toMatch(/cannot find that offer/);
    expect((await cartOfStacy()).cart.items).toHaveLength(0);
  });

  it('offers the two closest things it can do, and hands over after three such misses', async () => {
    const t = await Transcript.start(node, 'sms', stacy);
    const first = await t.say('order cart plan quote');
    expect(first.text).toMatch(
      /Did you mean one of these\?\n1\) Get a total\n2\) (My cart|Check out)/,
    );
    expect((await t.say('1')).text).toMatch(/total|cart/i);
    expect((await t.say('plan cart quote order')).text).toMatch(/Did you mean/);
    // A pick in between is not an understood request: this is the third miss.
    const third = await t.say('order cart plan quote');
    expect(third.result.handover).toMatchObject({ reason: 'bot-stuck' });
  });

  it('answers gibberish, chit-chat and rudeness calmly and never hands over for them', async () => {
    const t = await Transcript.start(node, 'sms', stacy);
    for (const line of ['flurb wibble', 'zzkx plonk', 'this bot is rubbish', 'tell me a joke']) {
      const seen = await t.say(line);
      expect(seen.result.handover).toBeUndefined();
      expect(seen.text).toMatch(/plans, add-ons, your cart and your orders/);
      expect(seen.text).toMatch(/Talk to a person/);
    }
    expect((await t.say('useless, get me a human')).result.handover).toMatchObject({
      reason: 'customer-asked',
    });
  });

  it('answers a redelivered message once', async () => {
    const t = await Transcript.start(node, 'sms', stacy);
    const activity = {
      type: 'message',
      id: 'SM0123456789abcdef0123456789abcdef',
      text: 'add the 5 GB data boost',
    };
    const first = await t.redeliver(activity);
    const again = await t.redeliver(activity);
    expect(again.result.replayed).toBe(true);
    expect(again.reply).toEqual(first.reply);
    await t.say('immediately');
    await t.redeliver({ ...activity, id: 'SM0123456789abcdef0123456789abcdef' });
    expect((await cartOfStacy()).cart.items).toHaveLength(1);
  });

  it('signs a web visitor in by a code texted to her, and she becomes the customer', async () => {
    const party = await node.features.customers.services.identities.resolve(
      'webchat',
      `visitor-handle-${Date.now()}`,
    );
    const t = await Transcript.start(node, 'webchat', party);
    const phoneQuestion = await t.say('can you sign me in?');
    expect(phoneQuestion.text).toMatch(/mobile number/);
    const codeQuestion = await t.say('07700 900123');
    expect(codeQuestion.text).toMatch(/code/);
    const outbox = (await (await fetch(`${node.url}/dev/twilio/messages`)).json()) as {
      messages: Array<{ to: string; body: string }>;
    };
    const code = outbox.messages
      .filter((message) => message.to === '+447700900123')
      .map((message) => /code is (\d{6})/.exec(message.body)?.[1])
      .filter(Boolean)
      .at(-1);
    expect(code).toBeDefined();
    const signedIn = await t.say(code!);
    expect(signedIn.text).toMatch(/Thanks Stacy, you are signed in/);
    expect(t.party).toEqual(stacy);
  });
});
