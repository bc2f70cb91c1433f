import type { PanelView } from '../../../src/assist/assist-events';
import { seededCustomerIds } from '../../../src/seed/customers';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { connectConsole, eventually, startAssistNode, staffUser } from './assist-harness';
import type { AssistNode, Console } from './assist-harness';

/** Two app nodes sharing MongoDB and Redis, as behind a load balancer with sticky sessions. */
describe('the agent panel across two app nodes', () => {
  let mongo: TestMongo;
  let first: AssistNode;
  let second: AssistNode;
  const consoles: Console[] = [];

  beforeAll(async () => {
    mongo = await startTestMongo();
    first = await startAssistNode({ mongoUri: mongo.uri });
    second = await startAssistNode({ mongoUri: mongo.uri, seed: false });
  });
  afterEach(() => {
    for (const console of consoles.splice(0)) console.close();
  });
  afterAll(async () => {
    await first?.runtime.stop();
    await second?.runtime.stop();
    await mongo?.stop();
  });

  it('shows her self-care cart change made on the other node, once, and the full panel again after a reconnect', async () => {
    const agentUser = await staffUser(first);
    const agent = await connectConsole(first, { token: agentUser.token });
    consoles.push(agent);
    const opened = await agent.call('handover:open', {
      customerId: seededCustomerIds.stacy,
      channel: 'voice',
    });
    const panel = (opened as unknown as { panel: PanelView }).panel;
    expect(panel.cart).toBeUndefined();

    // Stacy, in self-care, served by the other node.
    const carts = second.app.commerce.services.carts;
    const { cart } = await carts.cartFor({ customerId: seededCustomerIds.stacy }, 'selfcare');
    const selfCare = { channel: 'selfcare' as const, actorId: seededCustomerIds.stacy };
    const afterBoost = await carts.addItem(
      cart._id,
      { offeringId: 'po-data-boost', characteristics: { dataSize: 10 } },
      selfCare,
    );
    const patch = await eventually(async () =>
      agent.patches.find(
        (entry) => entry.section === 'cart' && entry.cart.version === afterBoost.cart.version,
      ),
    );
    expect(patch).toMatchObject({
      partyKey: `customer:${seededCustomerIds.stacy}`,
      cart: { channel: 'agent' },
    });
    if (patch.section !== 'cart') throw new Error('not a cart patch');
    expect(patch.cart.items.map((item) => item.offeringId)).toEqual(
      afterBoost.cart.items.map((item) => item.offeringId),
    );
    // The change also reached her timeline, and the panel's, as a self-care entry.
    await eventually(async () =>
      agent.patches.find(
        (entry) =>
          entry.section === 'timeline' &&
          entry.entry.kind === 'cart-change' &&
          entry.entry.channel === 'selfcare',
      ),
    );

    // A second change: once its patch is here, the first one has certainly been delivered as often as it will be.
    const itemId = afterBoost.cart.items[0]!.id;
    const afterUpdate = await carts.updateItem(cart._id, itemId, { quantity: 2 }, selfCare);
    await eventually(async () =>
      agent.patches.find(
        (entry) => entry.section === 'cart' && entry.cart.version === afterUpdate.cart.version,
      ),
    );
    const firstPatches = agent.patches.filter(
      (entry) => entry.section === 'cart' && entry.cart.version === afterBoost.cart.version,
    );
    expect(firstPatches).toHaveLength(1);

    // She reloads the console, and this time the balancer sends her to the other node.
    agent.close();
    const again = await connectConsole(second, { token: agentUser.token });
    consoles.push(again);
    const held = again.conversationLists[0]!.items;
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      handover: { id: panel.handover.id, status: 'accepted' },
      customer: { name: 'Stacy Moreno' },
      cart: { version: afterUpdate.cart.version },
    });
    // And the live feed follows her to the new node.
    await carts.removeItem(cart._id, itemId, {
      channel: 'selfcare',
      actorId: seededCustomerIds.stacy,
    });
    await eventually(async () =>
      again.patches.find((entry) => entry.section === 'cart' && entry.cart.items.length === 0),
    );
  });

  it('routes a handover raised on one node to an agent connected to the other', async () => {
    const agentUser = await staffUser(second, { queues: ['voice'] });
    const agent = await connectConsole(second, { token: agentUser.token });
    consoles.push(agent);
    await first.runtime.events.publish('handover.requested', {
      handoverId: 'hov_voice_liam',
      customerId: seededCustomerIds.liam,
      channel: 'voice',
      reason: 'speech was not understood',
    });
    const panel = await eventually(async () =>
      agent.conversations.find((entry) => entry.handover.id === 'hov_voice_liam'),
    );
    expect(panel.handover).toMatchObject({
      queue: 'voice',
      priority: 'urgent',
      status: 'assigned',
    });
    // Created once although both nodes received the event.
    const stored = await first.assist.handovers.get('hov_voice_liam');
    expect(stored.history.filter((entry) => entry.action === 'requested')).toHaveLength(1);
  });
});
