import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import {
  connectConsole,
  eventually,
  outboxTo,
  startAssistNode,
  staffUser,
} from '../assist/assist-harness';
import type { AssistNode, Console } from '../assist/assist-harness';
import { closeWindow, whatsappFrom, whatsappOutboxTo } from './harness';

/**
 * Handover works the same on WhatsApp: she asks for a person there, the agent's console shows the
 * conversation and answers into her WhatsApp; once her window has closed, the agent's words reach
 * her by text instead, and the timeline says which channel each went by.
 */
describe('an agent answers her on WhatsApp from the same console', () => {
  let node: AssistNode;
  let agent: Console | undefined;

  beforeAll(async () => {
    node = await startAssistNode();
  });
  afterAll(async () => {
    agent?.close();
    await node?.runtime.stop();
  });

  it('takes the WhatsApp conversation, replies there, and falls back to SMS when the window closed', async () => {
    const alex = await staffUser(node, { name: 'Alex Turner' });
    agent = await connectConsole(node, { token: alex.token });

    await whatsappFrom(node, stacyMobile, 'what offers do you have?');
    await eventually(async () => (await whatsappOutboxTo(node, stacyMobile)).length >= 1);
    await whatsappFrom(node, stacyMobile, 'can I talk to a person please');

    const offered = await eventually(async () =>
      agent!.conversations.find((panel) => panel.customer?.customerId === seededCustomerIds.stacy),
    );
    expect(offered.handover).toMatchObject({ status: 'assigned', channel: 'whatsapp' });
    expect(offered.summary).toContain('on WhatsApp');
    expect(offered.replyChannel).toBe('whatsapp');
    const handoverId = offered.handover.id;
    expect(await agent.call('handover:accept', { handoverId })).toMatchObject({ ok: true });
    // She is told on WhatsApp that a person joined.
    await eventually(async () =>
      (await whatsappOutboxTo(node, stacyMobile)).find((message) =>
        message.body.includes('Alex Turner from our team has joined'),
      ),
    );

    const sent = await agent.call('message:send', {
      handoverId,
      text: 'Hi Stacy, Alex here. Which offer caught your eye?',
    });
    expect(sent).toMatchObject({ ok: true, entry: { channel: 'whatsapp', author: 'agent' } });
    await eventually(async () =>
      (await whatsappOutboxTo(node, stacyMobile)).find(
        (message) => message.body === 'Hi Stacy, Alex here. Which offer caught your eye?',
      ),
    );

    // A day later her WhatsApp window has closed: the agent's words go by text, said so.
    await closeWindow(node, stacyMobile);
    const later = await agent.call('message:send', {
      handoverId,
      text: 'Sorry for the wait, Stacy: the Data Boost is still £3 a month.',
    });
    expect(later).toMatchObject({ ok: true, entry: { channel: 'sms', author: 'agent' } });
    await eventually(async () =>
      (await outboxTo(node, stacyMobile)).find((message) =>
        message.body.startsWith('Sorry for the wait, Stacy'),
      ),
    );
    expect(
      (await whatsappOutboxTo(node, stacyMobile)).some((message) =>
        message.body.startsWith('Sorry for the wait'),
      ),
    ).toBe(false);

    const { items } = await node.app.customers.services.interactions.timeline(
      { customerId: seededCustomerIds.stacy },
      { limit: 50 },
    );
    const summaries = items.map((item) => item.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^WhatsApp from agent: Hi Stacy/),
        expect.stringMatching(/^SMS from agent: Sorry for the wait/),
      ]),
    );
  });
});
