import { clientId, connectChat, createVisitor, send, startChatNode } from './harness';
import type { ChatClient, ChatNode } from './harness';

/**
 * Overload: a node that cannot serve another message refuses it at once with a coded BUSY
 * acknowledgement and stores nothing; what it acknowledged it answers, late rather than never.
 */
describe('web chat when the node is busy', () => {
  let node: ChatNode;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    // One turn at a time and one waiting: the third message at once finds the node full.
    node = await startChatNode({
      limits: { maxConcurrentTurns: 1, maxQueuedTurns: 1, maxEventLoopUtilisation: 1 },
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await node?.runtime.stop();
  });

  it('refuses what it cannot serve with BUSY, answers everything it acknowledged, and takes the refused message when sent again', async () => {
    const visitor = await createVisitor(node);
    const { client, received } = await connectChat(node, { visitorToken: visitor.visitorToken });
    clients.push(client);
    await received.message((message) => message.author === 'bot');
    const stored = node.runtime.mongo.connection.collection('chat_messages');

    const slow = await send(client, { text: 'think hard' });
    const waiting = await send(client, { text: 'second' });
    const refusedId = clientId();
    const refused = await send(client, { clientId: refusedId, text: 'third' });

    expect(slow.ok).toBe(true);
    expect(waiting.ok).toBe(true);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'BUSY', message: expect.any(String), retryAfterMs: expect.any(Number) },
    });
    if (refused.ok) throw new Error('not refused');
    expect(refused.error.message).not.toMatch(/BUSY|503|node/i);
    expect(await stored.countDocuments({ text: 'third' })).toBe(0);

    node.engine.release();
    const answered = async (ack: typeof slow) =>
      received.message(
        (message) => message.author === 'bot' && message.inReplyTo === (ack.ok && ack.messageId),
      );
    await answered(slow);
    await answered(waiting);

    const again = await send(client, { clientId: refusedId, text: 'third' });
    expect(again).toMatchObject({ ok: true });
    await answered(again);
    expect(await stored.countDocuments({ text: 'third' })).toBe(1);
  });
});
