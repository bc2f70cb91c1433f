import type { BotChannel } from '../../../../src/bot/conversation';
import { catalogSeedIds } from '../../../../src/seed/catalog';
import { seededCustomerIds } from '../../../../src/seed/customers';
import { forgetOpenOrders, startAppNode } from '../bot-harness';
import type { AppNode } from '../bot-harness';
import { Transcript } from './transcript';

const stacy = { customerId: seededCustomerIds.stacy };
const channels: BotChannel[] = ['sms', 'webchat', 'voice', 'whatsapp'];

/** Words a customer must never read or hear: ids, ISO dates, reasons, channels, text menus on the web. */
const NOT_HERS =
  /Why:|Eligible:|Required subscription|The customer|po_|po-|qt_|\d{4}-\d{2}-\d{2}|\b(webchat|selfcare|whatsapp)\b|Options:|\/mo\b|could not answer/;

/** Conversations written as customers hold them, read turn by turn as she would read them. */
describe('conversations customers finish, on SMS, web chat, voice and WhatsApp', () => {
  let node: AppNode;

  beforeAll(async () => {
    node = await startAppNode({ env: { PROVISIONING_BASE_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => node?.runtime.stop());

  beforeEach(async () => {
    await forgetOpenOrders(node, stacy.customerId);
    await node.runtime.mongo.connection.collection('bot_state').deleteMany({});
    await node.runtime.mongo.connection.collection('handovers').deleteMany({});
    const cart = await node.features.commerce.services.carts.findCartOf(stacy);
    if (cart)
      await node.features.commerce.services.carts.deleteCart(cart._id, { channel: 'agent' });
  });

  const expectHerWords = (t: Transcript) => {
    const answers = t.lines.filter((line) => line.startsWith('<'));
    for (const line of answers) expect(line).not.toMatch(NOT_HERS);
    // No answer says the same sentence twice.
    for (const line of answers) {
      const sentences = line
        .slice(2)
        .split(/(?<=[.?!])\s+/)
        .filter((sentence) => sentence.length > 12);
      expect(new Set(sentences).size).toBe(sentences.length);
    }
  };

  const placeOrder = (t: Transcript, channel: BotChannel) =>
    channel === 'webchat' ? t.press('yes') : t.say(channel === 'sms' ? 'Y' : 'yes');

  describe.each(channels)('on %s', (channel) => {
    it('never offers again what is in her cart or on order, and says where it is', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 5gb data boost');
      await t.say('now');
      const list = await t.say('what offers do you have?');
      const offered = (list.reply?.blocks ?? []).flatMap((block) =>
        block.kind === 'choices' ? block.options.map((option) => option.id) : [],
      );
      expect(offered).not.toContain(`offer:${catalogSeedIds.dataBoost}`);
      expect(offered).toContain(`offer:${catalogSeedIds.roamEurope}`);
      const again = await t.say('can i get a data boost');
      expect(again.text).toMatch(/Data Boost is already in your cart/);
      await t.say('check out');
      await placeOrder(t, channel);
      const ordered = await t.say('add a data boost');
      expect(ordered.text).toMatch(/You have already ordered Data Boost/);
      const afterOrder = await t.say('what offers do you have?');
      expect(afterOrder.text).not.toMatch(/Data Boost/);
      const view = await node.features.commerce.services.carts.cartFor(stacy, 'agent');
      expect(view.cart.items).toHaveLength(0);
      expectHerWords(t);
    });

    it('reads start dates as she says them and answers in her words', async () => {
      const t = await Transcript.start(node, channel, stacy);
      expect((await t.say('can i get a data boost')).text).toMatch(/data size/i);
      expect((await t.say('the biggest one')).text).toMatch(/When should Data Boost start\?/);
      const friday = await t.say('next friday');
      expect(friday.text).toMatch(
        /Data Boost cannot start on Friday \d{1,2} \w+: it can start now or from your next bill\./,
      );
      const fortnight = await t.say('in two weeks');
      expect(fortnight.text).toMatch(/cannot start on \w+day \d{1,2} \w+/);
      expect(fortnight.result.handover).toBeUndefined();
      const added = await t.say('from the 1st');
      expect(added.text).toMatch(/Added Data Boost/);
      const view = await node.features.commerce.services.carts.cartFor(stacy, 'agent');
      expect(view.cart.items[0]?.characteristics).toMatchObject({
        dataSize: 20,
        startDate: 'next-billing-cycle',
      });
      expectHerWords(t);
    });

    it('changes when an item in her cart starts, said in words', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 20gb boost');
      await t.say('now');
      const later = await t.say('change the start date to next month');
      expect(later.text).toMatch(/Done, I have changed when it starts/);
      const tomorrow = await t.say('start it from tomorrow instead');
      expect(tomorrow.text).toMatch(
        /Data Boost cannot start on \w+day \d{1,2} \w+: it can start now or from your next bill\./,
      );
      const view = await node.features.commerce.services.carts.cartFor(stacy, 'agent');
      expect(view.cart.items[0]?.characteristics).toMatchObject({
        startDate: 'next-billing-cycle',
      });
      expectHerWords(t);
    });

    it('says prices the way the portal writes them, or speakably on the phone', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const card = await t.say('how much is the 20 gig data boost');
      if (channel === 'voice') {
        expect(card.text).toMatch(/8 pounds a month/);
        expect(card.text).not.toMatch(/£/);
      } else {
        expect(card.text).toMatch(/£8\.00 a month/);
      }
      expectHerWords(t);
    });

    it('understands what she asks in her own words mid-journey', async () => {
      const t = await Transcript.start(node, channel, stacy);
      expect((await t.say('what can you do for me')).text).toMatch(/offers|cart/i);
      expect((await t.say('got a text about double data whats the deal')).text).toMatch(
        /Summer Data Double/,
      );
      await t.say('add the 10 gig boost');
      await t.say('asap');
      const changed = await t.say('switch it to the 5 GB one');
      expect(changed.text).toMatch(/5 GB/);
      await t.say('check out');
      await placeOrder(t, channel);
      const status = await t.say('I placed an order yesterday, is it active?');
      expect(status.text).toMatch(/Order \d{4,}/);
      expectHerWords(t);
    });

    it('answers a request for a joke calmly, and one she already has without a refusal', async () => {
      const t = await Transcript.start(node, channel, stacy);
      const joke = await t.say('tell me a joke');
      expect(joke.text).toMatch(/I can only help with plans/);
      expect(joke.text).not.toMatch(/frustrating/);
      const owned = await t.say("I'd like the Unlimited 30GB plan");
      expect(owned.text).toMatch(/You already have Unlimited Talk (&|and) Text 30 GB/);
      expect(owned.text).not.toMatch(/Sorry|not available/);
      expectHerWords(t);
    });
  });

  it('on SMS, reads "2 data boosts pls" as an order, and "now" at the size question as no size', async () => {
    const t = await Transcript.start(node, 'sms', stacy);
    expect((await t.say('2 data boosts pls')).text).toMatch(/Which data size/);
    const now = await t.say('now');
    expect(now.text).not.toMatch(/stopped that/);
    expect(now.text).toMatch(/The choices are 5 GB, 10 GB or 20 GB/i);
    expect((await t.say('10')).text).toMatch(/When should Data Boost start\?/);
    expect((await t.say('now')).text).toMatch(/Added Data Boost/);
    expectHerWords(t);
  });

  it('on the web, a visitor who says she is already a customer is asked for her number kindly', async () => {
    const party = await node.features.customers.services.identities.resolve(
      'webchat',
      `conversations-${Date.now()}-${Math.random()}`,
    );
    const t = await Transcript.start(node, 'webchat', party);
    await t.say('add the essential 5 GB plan');
    expect((await t.say('check out')).text).toMatch(/What is your mobile number\?/);
    const already = await t.say('im already with u');
    expect(already.text).toMatch(/To find your account, type the mobile number on it/);
    expect(already.text).not.toMatch(/does not look like a mobile number/);
    const wrong = await t.say('dunno');
    expect(wrong.text).toMatch(/does not look like a mobile number/);
    expectHerWords(t);
  });

  it('on the web, shows choices once, as buttons, never also as text', async () => {
    const t = await Transcript.start(node, 'webchat', stacy);
    const size = await t.say('can i get a data boost');
    expect(size.buttons.map((button) => button.label)).toEqual([
      '5 GB – £3.00 a month',
      '10 GB – £5.00 a month',
      '20 GB – £8.00 a month',
    ]);
    expect(size.text.split('\n')[0]).toBe('Which data size would you like for Data Boost?');
    expectHerWords(t);
  });
});
