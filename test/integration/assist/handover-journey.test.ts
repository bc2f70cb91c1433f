import { RAW_WORDS } from '../../../src/assist/plain-words';
import { registerAgentAuditModel } from '../../../src/domain/handovers/agent-audit';
import type { PanelView } from '../../../src/assist/assist-events';
import { TokenService } from '../../../src/infra/auth/tokens';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import {
  connectConsole,
  eventually,
  outboxTo,
  startAssistNode,
  staffUser,
  textFrom,
} from './assist-harness';
import type { AssistNode, Console } from './assist-harness';

describe('live agent assist: handover from the bot to an agent and back', () => {
  let node: AssistNode;
  const consoles: Console[] = [];
  const open = async (token: string) => {
    const console = await connectConsole(node, { token });
    consoles.push(console);
    return console;
  };

  beforeAll(async () => {
    node = await startAssistNode();
  });
  afterEach(() => {
    for (const console of consoles.splice(0)) console.close();
  });
  afterAll(async () => {
    await node?.runtime.stop();
  });

  it('refuses a connection without a token, with a customer token, and for other staff', async () => {
    const tokens = new TokenService(node.runtime.config.JWT_SECRET);
    const customerToken = await tokens.issue(
      {
        kind: 'customer',
        id: seededCustomerIds.stacy,
        roles: ['customer'],
        customerId: seededCustomerIds.stacy,
      },
      600,
    );
    const marketer = await staffUser(node, { roles: ['campaign-manager'], queues: [] });

    await expect(connectConsole(node, undefined)).rejects.toMatchObject({
      data: { code: 'ASSIST_AUTH_REQUIRED' },
    });
    await expect(connectConsole(node, { token: 'not-a-token' })).rejects.toMatchObject({
      data: { code: 'ASSIST_TOKEN_INVALID' },
    });
    await expect(connectConsole(node, { token: customerToken })).rejects.toMatchObject({
      data: { code: 'ASSIST_FORBIDDEN' },
    });
    await expect(connectConsole(node, { token: marketer.token })).rejects.toMatchObject({
      data: { code: 'ASSIST_FORBIDDEN' },
    });
  });

  it('routes "get me a human" to an available agent with the summary and panel, then gives it back to the bot', async () => {
    const alex = await staffUser(node, { name: 'Alex Turner' });
    const agent = await open(alex.token);
    expect(agent.sessions[0]).toMatchObject({
      agent: { id: alex.id },
      presence: { status: 'available' },
    });

    await textFrom(node, stacyMobile, 'what offers do you have?');
    await eventually(async () => (await outboxTo(node, stacyMobile)).length >= 1);
    await textFrom(node, stacyMobile, 'get me a human');

    const offered = await eventually(async () =>
      agent.conversations.find((panel) => panel.customer?.customerId === seededCustomerIds.stacy),
    );
    expect(offered.handover).toMatchObject({
      status: 'assigned',
      assignedAgentId: alex.id,
      channel: 'sms',
      queue: 'sales',
    });
    expect(offered.summary).toContain('Stacy Moreno by SMS asked for a person');
    // Plain words for the agent: no channel, reason or id codes in the summary or the timeline.
    expect(offered.summary).not.toMatch(RAW_WORDS);
    expect(offered.handover.summary).not.toMatch(RAW_WORDS);
    for (const entry of offered.timeline.items)
      expect(`${entry.summary} ${entry.text ?? ''}`).not.toMatch(RAW_WORDS);
    expect(offered.customer).toMatchObject({ name: 'Stacy Moreno', smsMarketing: 'opted-in' });
    expect(offered.customer?.mobile).not.toContain('900123');
    expect(offered.customer?.subscriptions.length).toBeGreaterThan(0);
    const said = offered.timeline.items
      .filter((entry) => entry.kind === 'message')
      .map((entry) => entry.text);
    expect(said).toEqual(expect.arrayContaining(['what offers do you have?', 'get me a human']));
    expect(offered.offers.length).toBeGreaterThan(0);
    const handoverId = offered.handover.id;

    const accepted = await agent.call('handover:accept', { handoverId });
    expect(accepted).toMatchObject({ ok: true, panel: { handover: { status: 'accepted' } } });

    // While she holds it the bot is silent, and what Stacy writes reaches the agent's panel.
    const repliesBefore = (await outboxTo(node, stacyMobile)).length;
    await textFrom(node, stacyMobile, 'are you still there?');
    await eventually(async () =>
      agent.patches.find(
        (patch) => patch.section === 'timeline' && patch.entry.text === 'are you still there?',
      ),
    );

    const sent = await agent.call('message:send', {
      handoverId,
      text: 'Hi Stacy, Alex here. How can I help?',
    });
    expect(sent).toMatchObject({ ok: true, entry: { channel: 'sms', author: 'agent' } });
    const outbox = await eventually(async () => {
      const messages = await outboxTo(node, stacyMobile);
      return (
        messages.some((message) => message.body === 'Hi Stacy, Alex here. How can I help?') &&
        messages
      );
    });
    // Only the agent's SMS went out since she accepted: the bot kept quiet.
    expect(outbox.length).toBe(repliesBefore + 1);

    // Give back: the bot answers her next message again.
    const released = await agent.call('handover:release', { handoverId });
    expect(released).toMatchObject({ ok: true });
    await eventually(async () =>
      agent.updates.find((update) => update.id === handoverId && update.status === 'released'),
    );
    const beforeBot = (await outboxTo(node, stacyMobile)).length;
    await textFrom(node, stacyMobile, 'what offers do you have?');
    await eventually(async () => (await outboxTo(node, stacyMobile)).length > beforeBot);

    const audit = await registerAgentAuditModel(node.runtime.mongo.connection)
      .find({ handoverId })
      .sort({ at: 1 })
      .lean();
    expect(audit.map((row) => [row.action, row.outcome, row.agentId, row.customerId])).toEqual([
      ['handover.accept', 'done', alex.id, seededCustomerIds.stacy],
      ['message.send', 'done', alex.id, seededCustomerIds.stacy],
      ['handover.release', 'done', alex.id, seededCustomerIds.stacy],
    ]);
  });

  it('lets exactly one of two agents accept the same waiting handover', async () => {
    const first = await staffUser(node);
    const second = await staffUser(node);
    const [one, two] = [await open(first.token), await open(second.token)];
    // Busy agents are not routed to, so the handover waits in the queue both of them see.
    await one.call('presence:set', { status: 'busy' });
    await two.call('presence:set', { status: 'busy' });

    await node.runtime.events.publish('handover.requested', {
      handoverId: 'hov_race_northwind',
      customerId: seededCustomerIds.northwind,
      channel: 'webchat',
      reason: 'high-value-cart',
      summary: 'Northwind Logistics wants 40 lines on the business plan.',
    });
    await eventually(async () => one.updates.find((update) => update.id === 'hov_race_northwind'));
    await eventually(async () => two.updates.find((update) => update.id === 'hov_race_northwind'));

    const answers = await Promise.all([
      one.call('handover:accept', { handoverId: 'hov_race_northwind' }),
      two.call('handover:accept', { handoverId: 'hov_race_northwind' }),
    ]);
    const winners = answers.filter((answer) => answer.ok);
    const losers = answers.filter((answer) => !answer.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: 'CONFLICT' }) }),
    ]);
    const handover = await node.assist.handovers.get('hov_race_northwind');
    expect(handover.status).toBe('accepted');
    expect([first.id, second.id]).toContain(handover.assignedAgentId);
    expect(handover.priority).toBe('high');
    // The loser's capacity was given back.
    const loserId = handover.assignedAgentId === first.id ? second.id : first.id;
    expect((await node.assist.presence.get(loserId))?.load).toBe(0);
  });

  it('applies a discount within the role limit, refuses one above it with the reason, and audits both', async () => {
    const agentUser = await staffUser(node);
    const agent = await open(agentUser.token);
    const opened = await agent.call('handover:open', {
      customerId: seededCustomerIds.stacy,
      channel: 'voice',
    });
    expect(opened.ok).toBe(true);
    const panel = (opened as unknown as { panel: PanelView }).panel;
    const handoverId = panel.handover.id;
    // A monthly add-on: agent discounts reduce the monthly charge.
    const offer = panel.offers.find((candidate) => candidate.price.recurring.amount > 0)!;

    const added = await agent.call('offer:accept', { handoverId, offeringId: offer.offeringId });
    expect(added).toMatchObject({ ok: true });
    const cart = (added as unknown as { cart: NonNullable<PanelView['cart']> }).cart;
    const item = cart.items.find((entry) => entry.offeringId === offer.offeringId)!;

    const tooMuch = await agent.call('cart:discount', {
      handoverId,
      itemId: item.id,
      kind: 'percent',
      value: 30,
    });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(tooMuch.error?.message).toContain('at most 10%');
    const fine = await agent.call('cart:discount', {
      handoverId,
      itemId: item.id,
      kind: 'percent',
      value: 10,
    });
    expect(fine).toMatchObject({ ok: true });

    const dismissed = await agent.call('offer:dismiss', {
      handoverId,
      offeringId: panel.offers.find((other) => other.offeringId !== offer.offeringId)!.offeringId,
    });
    expect(dismissed.ok).toBe(true);

    const closed = await agent.call('handover:close', {
      handoverId,
      disposition: 'quote-sent',
      note: 'Will decide after payday.',
    });
    expect(closed.ok).toBe(true);

    const rows = await node.assist.audit.forHandover(handoverId);
    expect(rows.map((row) => [row.action, row.outcome])).toEqual([
      ['handover.open', 'done'],
      ['offer.accept', 'done'],
      ['cart.discount', 'refused'],
      ['cart.discount', 'done'],
      ['offer.dismiss', 'done'],
      ['handover.close', 'done'],
    ]);
    expect(rows[2]).toMatchObject({
      agentId: agentUser.id,
      customerId: seededCustomerIds.stacy,
      reason: expect.stringContaining('FORBIDDEN'),
    });
    const notes = await node.app.customers.services.interactions.timeline(
      { customerId: seededCustomerIds.stacy },
      { kind: 'note' },
    );
    expect(notes.items.map((entry) => entry.summary)).toEqual(
      expect.arrayContaining([
        'Wrap-up (quote-sent): Will decide after payday.',
        'Agent discount of 30% refused',
      ]),
    );
  });
});
