import type { PanelView } from '../../../src/assist/assist-events';
import type { ChatMessageView } from '../../../src/connectors/webchat/chat-events';
import { registerHandoverModel } from '../../../src/domain/handovers/handover-model';
import type { DomainEventName } from '../../../src/domain/shared/events';
import { connectChat, createVisitor, send, textOf } from '../webchat/harness';
import type { ChatClient, ChatNode } from '../webchat/harness';
import {
  connectConsole,
  eventually,
  outboxTo,
  startAssistNode,
  staffUser,
  textFrom,
} from './assist-harness';
import type { AssistNode, Console } from './assist-harness';

let numberCounter = 10;
/** A new SMS customer per test (a visitor by her number), so no test inherits another's state. */
const newNumber = () => `+4477009005${String((numberCounter += 1)).padStart(2, '0')}`;

/** Every way a handover ends leaves her answered: by the bot, or by the next agent. */
describe('handover lifecycle: nobody is left without an answer', () => {
  let node: AssistNode;
  const consoles: Console[] = [];
  const chats: ChatClient[] = [];

  const open = async (options: Parameters<typeof staffUser>[1] = {}) => {
    const user = await staffUser(node, options);
    const console = await connectConsole(node, { token: user.token });
    consoles.push(console);
    return { user, console };
  };

  /** A visitor in web chat, greeted, with what she received. */
  const chatVisitor = async () => {
    const visitor = await createVisitor(node as unknown as ChatNode);
    const chat = await connectChat(node as unknown as ChatNode, {
      visitorToken: visitor.visitorToken,
    });
    chats.push(chat.client);
    await chat.received.message((message) => message.author === 'bot');
    const say = async (text: string) => {
      const before = chat.received.messages.length;
      const ack = await send(chat.client, { text });
      if (!ack.ok) throw new Error(ack.error.message);
      return { ack, before };
    };
    /** The next message after `index` that `accept` takes. */
    const next = (index: number, accept: (message: ChatMessageView) => boolean) =>
      eventually(async () => chat.received.messages.slice(index).find(accept));
    return { visitorId: visitor.visitorId, ...chat, say, next };
  };

  /** The bot's answer to one web chat message. */
  const botAnswers = async (chat: Awaited<ReturnType<typeof chatVisitor>>, text: string) => {
    const { ack, before } = await chat.say(text);
    return chat.next(
      before,
      (message) => message.author === 'bot' && message.inReplyTo === (ack.ok && ack.messageId),
    );
  };

  const offeredTo = (console: Console, accept: (panel: PanelView) => boolean) =>
    eventually(async () => console.conversations.find(accept));

  const smsReplies = async (number: string, after: number) =>
    eventually(async () => {
      const messages = await outboxTo(node, number);
      return messages.length > after ? messages.slice(after) : undefined;
    });

  beforeAll(async () => {
    node = await startAssistNode({
      env: {
        HANDOVER_ESCALATE_AFTER_SECONDS: '2',
        AGENT_GONE_AFTER_SECONDS: '1',
        HANDOVER_SWEEP_MS: '200',
      },
    });
  });
  afterEach(async () => {
    for (const console of consoles.splice(0)) console.close();
    for (const chat of chats.splice(0)) chat.close();
    // What one test leaves waiting would be routed to the next test's agents.
    await registerHandoverModel(node.runtime.mongo.connection).deleteMany({});
    // Agents of earlier tests are away (their consoles closed): routing never picks them.
    await eventually(async () =>
      (await node.assist.presence.list()).every((agent) => agent.status === 'away'),
    );
  });
  afterAll(async () => {
    await node?.runtime.stop();
  });

  it('web chat: she sees the agent join and leave at wrap-up, and the bot answers her next message', async () => {
    const { user, console } = await open({ name: 'Alex Turner' });
    const chat = await chatVisitor();
    const handedOver = await botAnswers(chat, 'I want to talk to a person');
    expect(textOf(handedOver)).toMatch(/colleague/);
    expect(textOf(handedOver)).not.toMatch(/5 minutes/);

    const panel = await offeredTo(
      console,
      (candidate) => candidate.handover.visitorId === chat.visitorId,
    );
    expect(panel.handover.assignedAgentId).toBe(user.id);
    const handoverId = panel.handover.id;
    const beforeJoin = chat.received.messages.length;
    expect(await console.call('handover:accept', { handoverId })).toMatchObject({ ok: true });
    await chat.next(
      beforeJoin,
      (message) => message.author === 'system' && textOf(message) === 'Alex Turner joined',
    );
    // The scrape shows her bot turn and her wait for Alex.
    const metrics = await node.runtime.metrics.render();
    const countOf = (series: string) =>
      Number(new RegExp(`^${series} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect(countOf('bot_turn_duration_seconds_count\\{channel="webchat"\\}')).toBeGreaterThan(0);
    expect(countOf('handover_wait_seconds_count\\{queue="[^"]+"\\}')).toBeGreaterThan(0);

    // While Alex holds it the bot is silent.
    const held = await chat.say('hello?');
    const silence = chat.received.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      chat.received.messages.slice(held.before).filter((message) => message.author === 'bot'),
    ).toEqual([]);

    const closed = await console.call('handover:close', {
      handoverId,
      disposition: 'resolved',
      note: 'Answered her question',
    });
    expect(closed).toMatchObject({ ok: true });
    await chat.next(
      silence,
      (message) =>
        message.author === 'system' &&
        textOf(message) === "Alex Turner left the chat. You're back with the assistant.",
    );
    const answer = await botAnswers(chat, 'what offers do you have?');
    expect(textOf(answer).length).toBeGreaterThan(0);
    expect((await node.assist.presence.get(user.id))?.load).toBe(0);
  });

  it('SMS: one short line when the agent joins, and the bot answers after she gives it back', async () => {
    const number = newNumber();
    const { console } = await open({ name: 'Priya Shah' });
    await textFrom(node, number, 'get me a human');
    const panel = await offeredTo(console, (candidate) => candidate.handover.channel === 'sms');
    const handoverId = panel.handover.id;
    const [told] = await smsReplies(number, 0);
    expect(told?.body).toBe(
      'Sure, I am passing you to a colleague. They will reply here in a moment.',
    );
    const sent = 1;
    await console.call('handover:accept', { handoverId });
    const [joined] = await smsReplies(number, sent);
    expect(joined?.body).toBe('Priya Shah from our team has joined and will reply here.');

    await console.call('handover:release', { handoverId });
    const afterRelease = await smsReplies(number, sent + 1);
    expect(afterRelease[0]?.body).toBe(
      "Priya Shah has finished. You're back with the assistant: reply any time.",
    );
    await textFrom(node, number, 'what offers do you have?');
    const bot = await smsReplies(number, sent + 2);
    expect(bot[0]?.body.length).toBeGreaterThan(0);
  });

  it('SMS wrap-up: the bot answers her next text (it used to stay silent for hours)', async () => {
    const number = newNumber();
    const { console } = await open();
    await textFrom(node, number, 'can I speak to an agent');
    const panel = await offeredTo(console, (candidate) => candidate.handover.channel === 'sms');
    await console.call('handover:accept', { handoverId: panel.handover.id });
    await console.call('handover:close', {
      handoverId: panel.handover.id,
      disposition: 'resolved',
      note: 'Done',
    });
    const sent = await eventually(async () => {
      const messages = await outboxTo(node, number);
      return messages.some((message) => /back with the assistant/.test(message.body)) && messages;
    });
    await textFrom(node, number, 'what offers do you have?');
    const [answer] = await smsReplies(number, sent.length);
    expect(answer?.body).not.toMatch(/back with the assistant/);
    expect(answer?.body.length).toBeGreaterThan(20);
  });

  it('nobody on shift: she is told the desk is closed, offered wait / call back / bot, and "never mind" gives her the bot', async () => {
    const chat = await chatVisitor();
    const answer = await botAnswers(chat, 'I want to talk to a person');
    expect(textOf(answer)).toMatch(/not available right now/);
    const buttons = (answer.rendering?.messages ?? []).flatMap((bubble) =>
      (bubble.buttons ?? []).map((button) => button.label),
    );
    expect(buttons).toEqual([
      'Wait for a colleague',
      'Call me back',
      'Carry on with the assistant',
    ]);
    const handover = await node.assist.handovers.openOf({ visitorId: chat.visitorId });
    expect(handover).toMatchObject({ status: 'waiting' });

    const back = await botAnswers(chat, 'never mind');
    expect(textOf(back)).toBe("You're back with the assistant. What would you like to do?");
    expect((await node.assist.handovers.get(handover!.id)).status).toBe('cancelled');
    const bot = await botAnswers(chat, 'what offers do you have?');
    expect(textOf(bot)).not.toMatch(/back with the assistant/);
  });

  it('everyone busy: she hears her place in the queue; "back to the bot" works while she waits', async () => {
    const { console } = await open();
    await console.call('presence:set', { status: 'busy' });
    const chat = await chatVisitor();
    const answer = await botAnswers(chat, 'I want to talk to a person');
    expect(textOf(answer)).toMatch(/number 1 in the queue/);
    const back = await botAnswers(chat, 'take me back to the bot please');
    expect(textOf(back)).toMatch(/back with the assistant/);
    expect(await node.assist.handovers.openOf({ visitorId: chat.visitorId })).toBeUndefined();
  });

  it('SMS call back: a callback task with her number and the summary reaches the agent who comes online; the bot answers meanwhile', async () => {
    const number = newNumber();
    await textFrom(node, number, 'get me a human');
    const [offer] = await smsReplies(number, 0);
    expect(offer?.body).toMatch(/not available right now/);
    expect(offer?.body).toMatch(/Call me back/);

    await textFrom(node, number, '2');
    const [confirmed] = await smsReplies(number, 1);
    expect(confirmed?.body).toMatch(/call you on the number ending/);
    await textFrom(node, number, 'what offers do you have?');
    const [bot] = await smsReplies(number, 2);
    expect(bot?.body).not.toMatch(/call you/);

    const { user, console } = await open();
    const panel = await offeredTo(console, (candidate) => candidate.handover.kind === 'callback');
    expect(panel.handover).toMatchObject({
      kind: 'callback',
      callbackNumber: number,
      assignedAgentId: user.id,
      channel: 'sms',
    });
    expect(panel.summary).toMatch(/asked for a person/);
  });

  it('a conversation waiting past the limit is escalated, and she is told', async () => {
    const { console } = await open({ roles: ['agent', 'supervisor'] });
    await console.call('presence:set', { status: 'busy' });
    const chat = await chatVisitor();
    await botAnswers(chat, 'I want to talk to a person');
    const index = chat.received.messages.length;
    await chat.next(
      index,
      (message) => message.author === 'system' && /asked a supervisor/.test(textOf(message)),
    );
    const escalated = await eventually(async () =>
      console.updates.find((update) => update.escalatedAt !== undefined),
    );
    expect(escalated).toMatchObject({ priority: 'urgent', status: 'waiting' });
  });

  it('her agent goes away: a colleague takes over, or the bot has her back when nobody can', async () => {
    const alex = await open({ name: 'Alex Away' });
    const chat = await chatVisitor();
    await botAnswers(chat, 'I want to talk to a person');
    const panel = await offeredTo(
      alex.console,
      (candidate) => candidate.handover.visitorId === chat.visitorId,
    );
    await alex.console.call('handover:accept', { handoverId: panel.handover.id });

    const sam = await open({ name: 'Sam Next' });
    const before = chat.received.messages.length;
    await alex.console.call('presence:set', { status: 'away' });
    await chat.next(before, (message) => /Alex Away had to leave/.test(textOf(message)));
    const taken = await offeredTo(
      sam.console,
      (candidate) => candidate.handover.id === panel.handover.id,
    );
    expect(taken.handover.assignedAgentId).toBe(sam.user.id);
    await sam.console.call('handover:accept', { handoverId: panel.handover.id });

    // Sam closes the console and does not come back: nobody is left, so the bot takes her.
    const beforeGone = chat.received.messages.length;
    sam.console.close();
    await chat.next(beforeGone, (message) => /back with the assistant/.test(textOf(message)));
    const answer = await botAnswers(chat, 'what offers do you have?');
    expect(textOf(answer)).not.toMatch(/back with the assistant/);
  });

  it('a transfer to a queue nobody serves gives her back to the bot', async () => {
    const { console } = await open({ queues: ['sales'] });
    const chat = await chatVisitor();
    await botAnswers(chat, 'I want to talk to a person');
    const panel = await offeredTo(
      console,
      (candidate) => candidate.handover.visitorId === chat.visitorId,
    );
    await console.call('handover:accept', { handoverId: panel.handover.id });
    const before = chat.received.messages.length;
    expect(
      await console.call('handover:transfer', {
        handoverId: panel.handover.id,
        toQueue: 'retention',
      }),
    ).toMatchObject({ ok: true });
    await chat.next(before, (message) => /back with the assistant/.test(textOf(message)));
    expect((await node.assist.handovers.get(panel.handover.id)).status).toBe('released');
    const answer = await botAnswers(chat, 'what offers do you have?');
    expect(answer.author).toBe('bot');
  });

  it('a handover whose event fan-out fails is still written and delivered to the agent', async () => {
    const { console } = await open();
    const events = node.runtime.events;
    const publish = events.publish.bind(events);
    const failing = jest.spyOn(events, 'publish').mockImplementation((async (
      name: DomainEventName,
      payload: never,
    ) => {
      if (name === 'handover.requested') throw new Error('the event bus is down');
      return publish(name, payload);
    }) as typeof events.publish);
    try {
      const chat = await chatVisitor();
      const answer = await botAnswers(chat, 'I want to talk to a person');
      expect(textOf(answer)).toMatch(/colleague/);
      // Written before she was told.
      const stored = await registerHandoverModel(node.runtime.mongo.connection)
        .findOne({ visitorId: chat.visitorId })
        .lean();
      expect(stored).toMatchObject({ status: 'assigned' });
      await offeredTo(console, (candidate) => candidate.handover.id === stored!._id);
    } finally {
      failing.mockRestore();
    }
  });

  it('asking twice makes one handover', async () => {
    const { console } = await open();
    await console.call('presence:set', { status: 'busy' });
    const chat = await chatVisitor();
    await botAnswers(chat, 'I want to talk to a person');
    await chat.say('I want to talk to a person');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = await registerHandoverModel(node.runtime.mongo.connection).countDocuments({
      visitorId: chat.visitorId,
    });
    expect(count).toBe(1);
  });
});
