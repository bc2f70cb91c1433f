import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { connectChat, createVisitor, says, send, startChatNode, textOf } from './harness';
import type { ChatClient, ChatNode } from './harness';

/** Two app nodes sharing MongoDB and Redis, as behind a load balancer with sticky sessions. */
describe('web chat across two app nodes through the Redis adapter', () => {
  let mongo: TestMongo;
  let first: ChatNode;
  let second: ChatNode;
  const clients: ChatClient[] = [];
  const connect = async (node: ChatNode, auth: Record<string, string>) => {
    const connection = await connectChat(node, auth);
    clients.push(connection.client);
    return connection;
  };

  beforeAll(async () => {
    mongo = await startTestMongo();
    first = await startChatNode({ mongoUri: mongo.uri });
    second = await startChatNode({ mongoUri: mongo.uri });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await first?.runtime.stop();
    await second?.runtime.stop();
    await mongo?.stop();
  });

  it('shares one conversation between tabs of a visitor on different nodes', async () => {
    const visitor = await createVisitor(first);
    const onFirst = await connect(first, { visitorToken: visitor.visitorToken });
    const onSecond = await connect(second, { visitorToken: visitor.visitorToken });

    const ack = await send(onFirst.client, { text: 'asked on node one' });
    const echoed = await onSecond.received.message((message) => message.direction === 'in');
    await onSecond.received.message((message) => says(message, 'You said: asked on node one'));
    await onFirst.received.message((message) => says(message, 'You said: asked on node one'));
    const reply = await send(onSecond.client, { text: 'asked on node two' });
    await onFirst.received.message((message) => says(message, 'You said: asked on node two'));

    expect(echoed).toMatchObject({ id: ack.ok && ack.messageId, text: 'asked on node one' });
    expect(first.engine.turnsFor(ack.ok ? ack.messageId : '')).toHaveLength(1);
    expect(second.engine.turnsFor(reply.ok ? reply.messageId : '')).toHaveLength(1);
    // The conversation was greeted once, though both nodes saw a tab open on it.
    const greetings = onFirst.received.messages.filter((message) =>
      textOf(message).startsWith('Hello!'),
    );
    expect(greetings).toHaveLength(1);
  });

  it('replays on one node what was said on the other', async () => {
    const visitor = await createVisitor(second);
    const onSecond = await connect(second, { visitorToken: visitor.visitorToken });
    await send(onSecond.client, { text: 'remember me' });
    await onSecond.received.message((message) => says(message, 'You said: remember me'));

    const onFirst = await connect(first, { visitorToken: visitor.visitorToken });
    const history = await onFirst.received.history();

    expect(history.messages.flatMap((message) => textOf(message).split('\n'))).toEqual(
      expect.arrayContaining(['remember me', 'You said: remember me']),
    );
  });

  it('delivers an agent message written on one node to the tab on the other', async () => {
    const visitor = await createVisitor(first);
    const onFirst = await connect(first, { visitorToken: visitor.visitorToken });
    await onFirst.received.history();

    await second.webchat
      .outbox()
      .sendToParty(
        { visitorId: visitor.visitorId },
        { author: 'agent', authorName: 'Priya', text: 'Hello from the call centre.' },
      );

    const shown = await onFirst.received.message((message) => message.author === 'agent');
    expect(textOf(shown)).toBe('Hello from the call centre.');
  });

  it('moves the tab on the other node to the customer when the visitor proves her number', async () => {
    const visitor = await createVisitor(first);
    const onFirst = await connect(first, { visitorToken: visitor.visitorToken });
    const onSecond = await connect(second, { visitorToken: visitor.visitorToken });
    await first.customers.services.identities.requestSmsCode(visitor.visitorId, stacyMobile);

    await send(onFirst.client, { text: `code ${first.codes.lastCodeFor(stacyMobile)}` });
    await onSecond.received.message((message) => says(message, 'Thanks, you are signed in.'));
    const fromSecond = await send(onSecond.client, { text: 'as Stacy from node two' });
    await onFirst.received.message((message) => says(message, 'You said: as Stacy from node two'));

    expect(onSecond.received.sessions).toContainEqual({ kind: 'customer' });
    expect(second.engine.turnsFor(fromSecond.ok ? fromSecond.messageId : '')[0]).toMatchObject({
      party: { customerId: seededCustomerIds.stacy },
      visitorId: visitor.visitorId,
    });
  });
});
