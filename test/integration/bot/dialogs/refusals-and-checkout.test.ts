import type { BotChannel } from '../../../../src/bot/conversation';
import type { BotServices } from '../../../../src/bot/bot-services';
import { catalogSeedIds } from '../../../../src/seed/catalog';
import { seededCustomerIds } from '../../../../src/seed/customers';
import { startAppNode, forgetOpenOrders } from '../bot-harness';
import type { AppNode } from '../bot-harness';
import { Transcript } from './transcript';

const stacy = { customerId: seededCustomerIds.stacy };
const channels: BotChannel[] = ['sms', 'webchat', 'voice', 'whatsapp'];

/** What a customer must never read: field paths, zod codes, the generic failure line. */
const NOT_HERS =
  /quantity|too_big|Too big|expected|path|\[|could not answer|could not do that as asked/i;

/** Her real cart service, except that every add asks the domain for more than its schema takes. */
function tooManyOnAdd(real: BotServices, calls: { add: number }): BotServices {
  const carts = Object.create(real.carts) as BotServices['carts'];
  carts.addItem = (cartId, item, context) => {
    calls.add += 1;
    return real.carts.addItem(cartId, { ...item, quantity: 1000 }, context);
  };
  return { ...real, carts };
}

/** Her real services, except that adding to a cart fails as a lost database would. */
function brokenAdd(real: BotServices, calls: { add: number }): BotServices {
  const carts = Object.create(real.carts) as BotServices['carts'];
  carts.addItem = () => {
    calls.add += 1;
    return Promise.reject(new Error('connection reset'));
  };
  return { ...real, carts };
}

describe('refusals and checkout problems in her words', () => {
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

  describe.each(channels)('on %s', (channel) => {
    it('answers an input the domain will not take once, in plain words, and goes on', async () => {
      const calls = { add: 0 };
      const t = await Transcript.start(node, channel, stacy, {
        services: (real) => tooManyOnAdd(real, calls),
      });
      await t.say('add the 5 GB data boost');
      const message = {
        type: 'message',
        text: 'immediately',
        id: `refused-${channel}-${Date.now()}`,
      };
      const refused = await t.redeliver(message);
      expect(refused.text).toMatch(/I couldn't do that: that is more than I can take/);
      expect(refused.text).not.toMatch(NOT_HERS);
      expect(calls.add).toBe(1);
      // The same message delivered again is the answer already given, not a second try.
      const again = await t.redeliver(message);
      expect(again.result.replayed).toBe(true);
      expect(calls.add).toBe(1);
      // The open question is over: her next message is answered as usual.
      const cart = await t.say('show my cart');
      expect(cart.text).toMatch(/Your cart is empty/);
    });

    it('lets an unexpected failure be retried once, then says so instead of failing again', async () => {
      const calls = { add: 0 };
      const t = await Transcript.start(node, channel, stacy, {
        services: (real) => brokenAdd(real, calls),
      });
      await t.say('add the 5 GB data boost');
      const message = {
        type: 'message',
        text: 'immediately',
        id: `broken-${channel}-${Date.now()}`,
      };
      // The first failure is the connector's to retry: the turn fails.
      await expect(t.redeliver(message)).rejects.toThrow(/connection reset/);
      const retried = await t.redeliver(message);
      expect(calls.add).toBe(2);
      expect(retried.text).toMatch(/something went wrong on my side/);
      expect(retried.text).not.toMatch(NOT_HERS);
      // Delivered a third time, it is the answer already given: no third try, no loop.
      const third = await t.redeliver(message);
      expect(third.result.replayed).toBe(true);
      expect(calls.add).toBe(2);
      const cart = await t.say('show my cart');
      expect(cart.text).toMatch(/Your cart is empty/);
    });

    it('offers to take out an item she cannot buy and checks out the rest', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 5 GB data boost');
      await t.say('immediately');
      await t.say('add the europe roaming week pass');
      const view = await node.features.commerce.services.carts.cartFor(stacy, 'agent');
      expect(view.cart.items).toHaveLength(2);
      const boost = view.cart.items.find((item) => item.offeringId === catalogSeedIds.dataBoost)!;
      // The catalog changed under her cart: the boost she chose is no longer sold in that size.
      await node.runtime.mongo.connection
        .collection('carts')
        .updateOne({ _id: view.cart._id, 'items.id': boost.id } as never, {
          $set: { 'items.$.characteristics.dataSize': 7 },
        });
      const checkout = await t.say('check out');
      expect(checkout.text).toMatch(/Data Boost cannot be ordered on your account as it is now/);
      expect(checkout.text).toMatch(/Remove it and check out the rest\?/);
      expect(checkout.text).not.toMatch(/Place this order|could not answer/);
      const removed =
        channel === 'webchat' ? await t.press('yes') : await t.say(channel === 'sms' ? 'Y' : 'yes');
      expect(removed.text).toMatch(/Removed Data Boost/);
      expect(removed.text).toMatch(/Place this order for/);
      const placed =
        channel === 'webchat' ? await t.press('yes') : await t.say(channel === 'sms' ? 'Y' : 'yes');
      expect(placed.text).toMatch(/order is placed/);
      const orders = await node.runtime.mongo.connection
        .collection('productOrders')
        .find({ customerId: stacy.customerId } as never)
        .sort({ orderDate: -1 })
        .limit(1)
        .toArray();
      expect(JSON.stringify(orders[0])).toContain(catalogSeedIds.roamEurope);
      expect(JSON.stringify(orders[0])).not.toContain(catalogSeedIds.dataBoost);
    });

    it('keeps the cart as it is when she says no to taking it out, without asking again', async () => {
      const t = await Transcript.start(node, channel, stacy);
      await t.say('add the 5 GB data boost');
      await t.say('immediately');
      const view = await node.features.commerce.services.carts.cartFor(stacy, 'agent');
      await node.runtime.mongo.connection
        .collection('carts')
        .updateOne({ _id: view.cart._id } as never, {
          $set: { 'items.0.characteristics.dataSize': 7 },
        });
      const checkout = await t.say('check out');
      expect(checkout.text).toMatch(/Remove it from your cart\?/);
      const kept =
        channel === 'webchat' ? await t.press('no') : await t.say(channel === 'sms' ? 'N' : 'no');
      expect(kept.text).toMatch(/left your cart as it is/);
      expect(kept.text).not.toMatch(/Remove it/);
      expect(
        (await node.features.commerce.services.carts.cartFor(stacy, 'agent')).cart.items,
      ).toHaveLength(1);
    });
  });
});
