import type { ChatMessageView } from '../../../src/connectors/webchat/chat-events';
import { chatMessageModel } from '../../../src/connectors/webchat/chat-message-model';
import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import { connectChat, eventually, send, textOf } from './harness';
import type { ChatClient, ChatNode } from './harness';

/**
 * WEBCHAT_TURNS=workers: the app node holds her socket and stores what she sends; a separate
 * worker process runs the real bot and its replies reach her socket through the Redis adapter.
 */
describe('web chat turns on the job workers', () => {
  let mongo: TestMongo;
  let app: TestRuntime;
  let worker: TestRuntime;
  let appFeatures: ApplicationFeatures;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    mongo = await startTestMongo();
    appFeatures = createApplicationFeatures();
    app = await startTestRuntime({
      mongoUri: mongo.uri,
      // This node answers nothing itself: no workers run here.
      env: { WEBCHAT_TURNS: 'workers', RUN_WORKERS: 'false' },
      configure: async (context) => {
        await appFeatures.configure(context);
        await seedDemoData({
          catalog: appFeatures.catalog.services.catalog,
          customerModels: appFeatures.customers.services.models,
        });
      },
      configureApp: appFeatures.configureApp,
    });
    const workerFeatures = createApplicationFeatures();
    worker = await startTestRuntime({
      role: 'worker',
      mongoUri: mongo.uri,
      env: { WEBCHAT_TURNS: 'workers' },
      configure: workerFeatures.configure,
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await app?.close();
    await worker?.close();
    await mongo?.stop();
  });

  it('answers each of her quick messages once, in the order she sent them', async () => {
    const visitor = (await (
      await fetch(`${app.url}/api/chat/visitors`, { method: 'POST' })
    ).json()) as { visitorToken: string };
    const { client, received } = await connectChat({ url: app.url! } as ChatNode, {
      visitorToken: visitor.visitorToken,
    });
    clients.push(client);
    await received.message((message) => message.author === 'bot');

    // Sent without waiting for answers, as a fast typist does.
    const acks = await Promise.all(
      ['hello', 'what offers do you have?', 'tell me about roaming'].map((text) =>
        send(client, { text }),
      ),
    );
    const ids = acks.map((ack) => (ack.ok ? ack.messageId : ''));
    expect(ids.every((id) => id.startsWith('chm'))).toBe(true);

    const answers = await eventually(async () => {
      const replies = received.messages.filter(
        (message: ChatMessageView) => message.inReplyTo && ids.includes(message.inReplyTo),
      );
      return replies.length >= 3 ? replies : undefined;
    }, 20_000);
    expect(answers.map((answer) => answer.inReplyTo)).toEqual(ids);
    expect(answers.every((answer) => answer.author === 'bot' && textOf(answer).length > 0)).toBe(
      true,
    );

    const stored = await chatMessageModel(app.mongo.connection)
      .find({ _id: { $in: ids } })
      .lean();
    expect(stored.map((message) => message.turn)).toEqual(['answered', 'answered', 'answered']);
    // Nothing answered twice: one reply per message, still after a pause.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const repliesPerMessage = ids.map(
      (id) => received.messages.filter((message) => message.inReplyTo === id).length,
    );
    expect(repliesPerMessage).toEqual([1, 1, 1]);
  });
});
