import type { BotChannel } from '../../../../src/bot/conversation';
import { catalogSeedIds } from '../../../../src/seed/catalog';
import { seededCustomerIds } from '../../../../src/seed/customers';
import { HELD_OUT_FLOWS } from '../../../fixtures/understanding/flows';
import { STUCK_REPLY, runFlow } from '../../../fixtures/understanding/run-flows';
import { startAppNode, forgetOpenOrders } from '../bot-harness';
import type { AppNode } from '../bot-harness';
import { Transcript } from './transcript';

const stacy = { customerId: seededCustomerIds.stacy };
const channels: BotChannel[] = ['sms', 'webchat', 'voice', 'whatsapp'];

/** How people answer "Which data size?": Data Boost offers 5, 10 and 20 GB. */
const SIZE_ANSWERS: Array<[string, number]> = [
  ['20', 20],
  ['20gb', 20],
  ['20 gig', 20],
  ['twenty', 20],
  ['the big one', 20],
  ['the bigger one', 20],
  ['um the biggest one', 20],
  ['the smallest one', 5],
  ['the middle one', 10],
  ['2', 10],
  ['the second', 10],
  ['number two', 10],
  ['option 2', 10],
];

/** How people answer "When should Data Boost start?" (now, or from the next bill). */
const START_ANSWERS: Array<[string, string]> = [
  ['now', 'immediately'],
  ['today', 'immediately'],
  ['asap', 'immediately'],
  ['straight away please', 'immediately'],
  ['next month', 'next-billing-cycle'],
  ['next month please', 'next-billing-cycle'],
  ['from the 1st', 'next-billing-cycle'],
];

describe("answers to the bot's own questions, on SMS, web chat, voice and WhatsApp", () => {
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

  const cartItems = async () =>
    (await node.features.commerce.services.carts.cartFor(stacy, 'agent')).cart.items;

  describe.each(channels)('on %s', (channel) => {
    it.each(SIZE_ANSWERS)('reads %j at the size question as %d GB', async (answer, size) => {
      const t = await Transcript.start(node, channel, stacy);
      expect((await t.say('can i get a data boost')).text).toMatch(/data size/i);
      const start = await t.say(answer);
      expect(start.text).toMatch(/When should Data Boost start\?/);
      expect(start.text).not.toMatch(STUCK_REPLY);
      await t.say('now');
      expect(await cartItems()).toEqual([
        expect.objectContaining({
          offeringId: catalogSeedIds.dataBoost,
          characteristics: expect.objectContaining({ dataSize: size }),
        }),
      ]);
    });

    it.each(START_ANSWERS)('reads %j at the start question as %s', async (answer, start) => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('data boost pls');
      await t.say('10gb');
      const added = await t.say(answer);
      expect(added.text).toMatch(/Added Data Boost/);
      expect(await cartItems()).toEqual([
        expect.objectContaining({
          characteristics: expect.objectContaining({ dataSize: 10, startDate: start }),
        }),
      ]);
    });

    it.each(['yes', 'yeah', 'yep', 'ok', 'go on', 'sure', 'do it', 'please'])(
      'places the order on %j',
      async (yes) => {
        const t = await Transcript.start(node, channel, stacy);
        await t.say('add the 5 GB data boost');
        await t.say('now');
        expect((await t.say('check out')).text).toMatch(/Place this order/);
        expect((await t.say(yes)).text).toMatch(/order is placed/);
      },
    );

    it.each(['nah', 'not now', 'no thanks', 'never mind'])(
      'keeps the cart and places nothing on %j',
      async (no) => {
        const t = await Transcript.start(node, channel, stacy);
        await t.say('add the 5 GB data boost');
        await t.say('now');
        await t.say('check out');
        const kept = await t.say(no);
        expect(kept.text).not.toMatch(/order is placed/);
        expect(kept.result.handover).toBeUndefined();
        expect(await cartItems()).toHaveLength(1);
      },
    );

    it.each(['actually no', 'never mind', 'nah'])(
      'leaves the size question on %j, adding nothing',
      async (leave) => {
        const t = await Transcript.start(node, channel, stacy);
        await t.say('add the data boost');
        const left = await t.say(leave);
        expect(left.text).not.toMatch(STUCK_REPLY);
        expect(left.text).not.toMatch(/data size/i);
        expect(await cartItems()).toHaveLength(0);
      },
    );

    it('answers a date it cannot offer with the choices there are', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('data boost pls');
      await t.say('5');
      const again = await t.say('next friday');
      // Said in her words: the day she named, and when it can start instead.
      expect(again.text).toMatch(
        /Data Boost cannot start on \w+day \d{1,2} \w+: it can start now or from your next bill\./,
      );
      expect(again.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(again.result.handover).toBeUndefined();
      expect((await t.say('now')).text).toMatch(/Added Data Boost/);
    });

    it('lets a request for a person interrupt the question', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the data boost');
      expect((await t.say('can i talk to someone')).result.handover).toMatchObject({
        reason: 'customer-asked',
      });
    });

    it('answers a new question asked instead, leaving the question', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the data boost');
      const cart = await t.say('read me back my basket');
      expect(cart.text).toMatch(/cart is empty/i);
    });
  });
});

describe('the held-out multi-turn flows', () => {
  let node: AppNode;

  beforeAll(async () => {
    node = await startAppNode({ env: { PROVISIONING_BASE_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => node?.runtime.stop());

  it.each(HELD_OUT_FLOWS.map((flow) => [flow.name, flow] as const))('%s', async (_name, flow) => {
    const run = await runFlow(node, flow);
    expect(run.failures).toEqual([]);
    expect(run.stuckTurns).toBe(0);
  });
});
