import type { ChatMessageView } from '../../../src/connectors/webchat/chat-events';
import { chatMessageModel } from '../../../src/connectors/webchat/chat-message-model';
import { VisitorTokens } from '../../../src/connectors/webchat/visitor-tokens';
import { TokenService } from '../../../src/infra/auth/tokens';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import {
  clientId,
  connectChat,
  createVisitor,
  eventually,
  send,
  startChatNode,
  says,
  textOf,
} from './harness';
import type { ChatClient, ChatNode } from './harness';

const stacyId = seededCustomerIds.stacy;

describe('web chat on one app node', () => {
  let node: ChatNode;
  const clients: ChatClient[] = [];
  const connect = async (auth: Record<string, string>) => {
    const connection = await connectChat(node, auth);
    clients.push(connection.client);
    return connection;
  };

  beforeAll(async () => {
    // A window of an hour: the rate test's outcome must not depend on how fast the machine is.
    node = await startChatNode({ limits: { rateMessages: 10, rateWindowMs: 3_600_000 } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => node?.runtime.stop());

  it('greets a new visitor and answers her with the bot', async () => {
    const visitor = await createVisitor(node);
    const { client, received } = await connect({ visitorToken: visitor.visitorToken });

    expect(received.sessions[0] ?? (await eventually(async () => received.sessions[0]))).toEqual({
      kind: 'visitor',
    });
    expect((await received.history()).messages).toEqual([]);
    const greeting = await received.message((message) => message.author === 'bot');
    expect(textOf(greeting)).toBe('Hello! Ask me about plans and add-ons.');

    const ack = await send(client, { text: 'Is there a data add-on?' });
    expect(ack).toEqual({ ok: true, messageId: expect.stringMatching(/^chm_/) });
    const answer = await received.message((message) => Boolean(message.inReplyTo));

    // The turn's two replies come as one bot message of two bubbles, the choices as buttons.
    expect(answer).toMatchObject({
      direction: 'out',
      author: 'bot',
      inReplyTo: ack.ok && ack.messageId,
      rendering: {
        messages: [
          { text: 'You said: Is there a data add-on?' },
          {
            text: 'What would you like to look at?',
            buttons: [
              { label: 'Data Boost', value: 'offering-data-boost' },
              { label: 'EU Roaming Pass', value: 'offering-roaming-pass' },
            ],
          },
        ],
      },
    });
    const turn = node.engine.turnsFor(ack.ok ? ack.messageId : '')[0];
    expect(turn).toEqual({
      channel: 'webchat',
      party: { visitorId: visitor.visitorId },
      conversationId: `visitor:${visitor.visitorId}`,
      messageId: ack.ok && ack.messageId,
      text: 'Is there a data add-on?',
      visitorId: visitor.visitorId,
    });
  });

  it('shows every tab that the bot is typing while it takes its time', async () => {
    const visitor = await createVisitor(node);
    const tabA = await connect({ visitorToken: visitor.visitorToken });
    const tabB = await connect({ visitorToken: visitor.visitorToken });

    await send(tabA.client, { text: 'think hard' });
    await eventually(
      async () => tabA.received.typing.length > 0 && tabB.received.typing.length > 0,
    );
    const typingBeforeAnswer = [tabA.received.typing.slice(), tabB.received.typing.slice()];
    node.engine.release();
    await tabB.received.message((message) => says(message, 'You said: think hard'));
    await eventually(
      async () => tabA.received.typing.length > 1 && tabB.received.typing.length > 1,
    );

    expect(typingBeforeAnswer).toEqual([[true], [true]]);
    expect([tabA.received.typing, tabB.received.typing]).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it('hands a pressed button to the bot as the turn value and shows its label', async () => {
    const visitor = await createVisitor(node);
    const { client, received } = await connect({ visitorToken: visitor.visitorToken });

    const ack = await send(client, { value: 'offering-data-boost', label: 'Data Boost' });
    await received.message((message) => says(message, 'You said: pressed offering-data-boost'));

    const turn = node.engine.turnsFor(ack.ok ? ack.messageId : '')[0];
    expect(turn?.value).toBe('offering-data-boost');
    expect(turn?.text).toBeUndefined();
  });

  it('replays the conversation from MongoDB when a tab reconnects', async () => {
    const visitor = await createVisitor(node);
    const first = await connect({ visitorToken: visitor.visitorToken });
    await first.received.message((message) => message.author === 'bot');
    await send(first.client, { text: 'first question' });
    await first.received.message((message) => says(message, 'You said: first question'));
    first.client.close();

    const again = await connect({ visitorToken: visitor.visitorToken });
    const history = await again.received.history();

    expect(history.hasMore).toBe(false);
    expect(history.messages.map((message) => [message.direction, textOf(message)])).toEqual([
      ['out', 'Hello! Ask me about plans and add-ons.'],
      ['in', 'first question'],
      ['out', 'You said: first question\nWhat would you like to look at?'],
    ]);
    // Reconnecting to a conversation that has begun does not greet again.
    expect(again.received.messages).toEqual([]);
  });

  it('shows two tabs of one visitor each other’s messages and the replies', async () => {
    const visitor = await createVisitor(node);
    const tabA = await connect({ visitorToken: visitor.visitorToken });
    const tabB = await connect({ visitorToken: visitor.visitorToken });

    const sent = clientId();
    const ack = await send(tabA.client, { clientId: sent, text: 'from tab A' });
    const echoed = await tabB.received.message((message) => message.direction === 'in');
    await tabA.received.message((message) => says(message, 'You said: from tab A'));
    await tabB.received.message((message) => says(message, 'You said: from tab A'));

    expect(echoed).toMatchObject({
      id: ack.ok && ack.messageId,
      clientId: sent,
      text: 'from tab A',
      author: 'customer',
    });
    // The sending tab has its ack; it is not sent its own message again.
    expect(tabA.received.messages.filter((message) => message.direction === 'in')).toEqual([]);
  });

  it('processes a resent message once and acknowledges it with the same id', async () => {
    const visitor = await createVisitor(node);
    const { client, received } = await connect({ visitorToken: visitor.visitorToken });
    const payload = { clientId: clientId(), text: 'only once please' };

    const acks = await Promise.all([send(client, payload), send(client, payload)]);
    await received.message((message) => says(message, 'You said: only once please'));
    const resent = await send(client, payload);

    const ids = [...acks, resent].map((ack) => ack.ok && ack.messageId);
    expect(new Set(ids).size).toBe(1);
    expect([...acks, resent].filter((ack) => ack.ok && ack.duplicate)).toHaveLength(2);
    expect(node.engine.turnsFor(ids[0] as string)).toHaveLength(1);
    const stored = await chatMessageModel(node.runtime.mongo.connection).countDocuments({
      clientId: payload.clientId,
    });
    expect(stored).toBe(1);
  });

  it('refuses the eleventh message in the window with RATE_LIMITED', async () => {
    const visitor = await createVisitor(node);
    const { client } = await connect({ visitorToken: visitor.visitorToken });

    const acks = await Promise.all(
      Array.from({ length: 11 }, (_, index) => send(client, { text: `message ${index + 1}` })),
    );

    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    expect(acks.filter((ack) => !ack.ok)).toEqual([
      {
        ok: false,
        error: { code: 'RATE_LIMITED', message: expect.stringMatching(/Too many messages/) },
      },
    ]);
  });

  it('refuses a message over 2,000 characters and invalid payloads', async () => {
    const visitor = await createVisitor(node);
    const { client } = await connect({ visitorToken: visitor.visitorToken });

    const longest = await send(client, { text: 'a'.repeat(2000) });
    const tooLong = await send(client, { text: 'a'.repeat(2001) });
    const empty = await send(client, { text: '   ' });
    const both = await send(client, { text: 'hello', value: 'offering-data-boost' });
    const badId = await send(client, { clientId: 'x', text: 'hello' });
    const extra = await client
      .timeout(10_000)
      .emitWithAck('message:send', { clientId: clientId(), text: 'hi', admin: true } as never);

    expect(longest.ok).toBe(true);
    expect(tooLong).toEqual({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'A message can hold at most 2000 characters' },
    });
    for (const refused of [empty, both, badId, extra]) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('refuses a forged, expired or missing visitor token at the handshake', async () => {
    const visitor = await createVisitor(node);
    const [header, payload] = visitor.visitorToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const otherKey = await new VisitorTokens('k'.repeat(43)).issue({
      visitorId: visitor.visitorId,
      handle: 'web-someone-else',
    });
    const expired = await new VisitorTokens(
      VisitorTokens.deriveKey(node.runtime.config.JWT_SECRET),
      60,
    ).issue({ visitorId: visitor.visitorId, handle: 'web-old' }, new Date(Date.now() - 3_600_000));
    // A staff or customer token is no visitor token, even though the same secret is behind both.
    const customerToken = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );

    for (const visitorToken of [forged, otherKey, expired, customerToken]) {
      await expect(connectChat(node, { visitorToken })).rejects.toMatchObject({
        message: expect.stringMatching(/visitor token is not valid or has expired/),
        data: { code: 'VISITOR_TOKEN_INVALID' },
      });
    }
    await expect(connectChat(node, {})).rejects.toMatchObject({
      data: { code: 'CHAT_AUTH_REQUIRED' },
    });
    await expect(connectChat(node, { customerToken: forged })).rejects.toMatchObject({
      data: { code: 'CUSTOMER_TOKEN_INVALID' },
    });
  });

  it('chats as the customer with a customer token, in her own conversation', async () => {
    const customerToken = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );
    const { client, received } = await connect({ customerToken });

    const ack = await send(client, { text: 'signed in question' });
    await received.message((message) => says(message, 'You said: signed in question'));

    expect(received.sessions).toEqual([{ kind: 'customer' }]);
    expect(node.engine.turnsFor(ack.ok ? ack.messageId : '')[0]).toMatchObject({
      party: { customerId: stacyId },
      conversationId: `customer:${stacyId}`,
    });
  });

  it('apologises when the bot fails, and answers the resend once it works', async () => {
    const visitor = await createVisitor(node);
    const { client, received } = await connect({ visitorToken: visitor.visitorToken });
    const payload = { clientId: clientId(), text: 'fail' };

    const ack = await send(client, payload);
    const sorry = await received.message((message) => message.author === 'system');
    const resent = await send(client, payload);
    await eventually(async () => node.engine.turnsFor(ack.ok ? ack.messageId : '').length >= 2);

    expect(textOf(sorry)).toBe('Sorry, I could not answer that just now. Please send it again.');
    expect(resent).toEqual({ ok: true, messageId: ack.ok && ack.messageId, duplicate: true });
    // The engine is asked again (it answers a message id once, so a lost answer is not doubled).
    expect(node.engine.turnsFor(ack.ok ? ack.messageId : '')).toHaveLength(2);
  });

  it('moves every tab of a visitor who proves her number to the customer, with her transcript', async () => {
    const visitor = await createVisitor(node);
    const customerToken = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );
    const tabA = await connect({ visitorToken: visitor.visitorToken });
    const tabB = await connect({ visitorToken: visitor.visitorToken });
    const portal = await connect({ customerToken });
    await send(tabA.client, { text: 'before signing in' });
    await tabA.received.message((message) => says(message, 'You said: before signing in'));

    await node.customers.services.identities.requestSmsCode(visitor.visitorId, stacyMobile);
    const code = node.codes.lastCodeFor(stacyMobile);
    await send(tabA.client, { text: `code ${code}` });
    const thanks = (message: ChatMessageView) => says(message, 'Thanks, you are signed in.');
    await tabA.received.message(thanks);
    await tabB.received.message(thanks);
    await portal.received.message(thanks);
    const fromB = await send(tabB.client, { text: 'now as Stacy' });
    await portal.received.message((message) => says(message, 'You said: now as Stacy'));
    const again = await connect({ visitorToken: visitor.visitorToken });
    const history = await again.received.history();

    expect(tabA.received.sessions).toContainEqual({ kind: 'customer' });
    expect(tabB.received.sessions).toContainEqual({ kind: 'customer' });
    expect(node.engine.turnsFor(fromB.ok ? fromB.messageId : '')[0]).toMatchObject({
      party: { customerId: stacyId },
      conversationId: `customer:${stacyId}`,
      visitorId: visitor.visitorId,
    });
    expect(again.received.sessions).toEqual([{ kind: 'customer' }]);
    const said = history.messages.flatMap((message) => textOf(message).split('\n'));
    expect(said).toEqual(
      expect.arrayContaining([
        'Hello! Ask me about plans and add-ons.',
        'before signing in',
        'You said: before signing in',
        'Thanks, you are signed in.',
        'now as Stacy',
      ]),
    );
  });

  it('lets an agent write into a customer’s chat through the outbox', async () => {
    const visitor = await createVisitor(node);
    const { received } = await connect({ visitorToken: visitor.visitorToken });
    await received.history();

    const sent = await node.webchat
      .outbox()
      .sendToParty(
        { visitorId: visitor.visitorId },
        { author: 'agent', authorName: 'Priya', text: 'Hi, I can help with the Data Boost.' },
      );
    const shown = await received.message((message) => message.author === 'agent');

    expect(shown).toEqual(sent);
    expect(shown).toMatchObject({
      direction: 'out',
      authorName: 'Priya',
      rendering: { messages: [{ text: 'Hi, I can help with the Data Boost.' }] },
    });
  });

  it('serves the widget and the socket.io browser client, compressed and cacheable', async () => {
    const widget = await fetch(`${node.url}/assets/chat-widget.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    const styles = await fetch(`${node.url}/assets/chat-widget.css`);
    const client = await fetch(`${node.url}/assets/socket.io.min.js`);
    const clientBody = await client.text();
    const revalidated = await fetch(`${node.url}/assets/socket.io.min.js`, {
      headers: { 'if-none-match': client.headers.get('etag')! },
    });

    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-encoding')).toBe('gzip');
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await widget.text()).toContain('window.chatWidget');
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(clientBody).toContain('socket.io');
    expect(clientBody).not.toContain('sourceMappingURL');
    expect(revalidated.status).toBe(304);
  });
});
