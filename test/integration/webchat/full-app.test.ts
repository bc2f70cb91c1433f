import type { ChatMessageView } from '../../../src/connectors/webchat/chat-events';
import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { TokenService } from '../../../src/infra/auth/tokens';
import type { WebchatFeature } from '../../../src/features/webchat';
import { summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import { connectChat, send } from './harness';
import type { ChatClient, ChatNode } from './harness';

const stacyId = seededCustomerIds.stacy;

/**
 * Web chat in the whole application with the real bot: Stacy opens her personal campaign link,
 * the landing page hands its token to the widget, and her chat is hers from the first message.
 */
describe('web chat in the full application', () => {
  let runtime: TestRuntime;
  let features: ApplicationFeatures;
  let webchat: WebchatFeature;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    features = createApplicationFeatures();
    webchat = features.webchat;
    runtime = await startTestRuntime({
      configure: async (context) => {
        await features.configure(context);
        await seedDemoData({
          catalog: features.catalog.services.catalog,
          customerModels: features.customers.services.models,
        });
      },
      configureApp: features.configureApp,
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await runtime?.stop();
  });

  const node = () => ({ url: runtime.url! }) as ChatNode;

  it('answers a visitor from a campaign link with the bot without revealing whom the link was sent to', async () => {
    const campaignToken = await features.customers.services.identities.createCampaignLinkToken({
      customerId: stacyId,
      campaignId: summerDataDoubleCampaignId,
    });
    const visitor = (await (
      await fetch(`${runtime.url}/api/chat/visitors`, { method: 'POST' })
    ).json()) as { visitorToken: string; visitorId: string };

    const { client, received } = await connectChat(node(), {
      visitorToken: visitor.visitorToken,
      campaignToken,
    });
    clients.push(client);
    const greeting = await received.message((message) => message.author === 'bot');
    const ack = await send(client, { text: 'How much is the Data Boost add-on?' });
    const answer = await received.message(
      (message: ChatMessageView) => message.inReplyTo === (ack.ok && ack.messageId),
    );

    // Opening a link proves nothing about who holds the phone: she stays a visitor until she signs in.
    expect(received.sessions).toEqual([{ kind: 'visitor' }]);
    expect(greeting.rendering?.messages.length).toBeGreaterThan(0);
    expect(answer).toMatchObject({ direction: 'out', author: 'bot' });
    expect(answer.rendering?.messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(greeting)).not.toContain('Stacy');
    // Her chat is not written to her timeline (nor hers shown here) until she proves her number.
    const onHers = await features.customers.services.models.Interaction.find({
      customerId: stacyId,
      channel: 'webchat',
    }).lean();
    expect(onHers).toEqual([]);
  });

  it('delivers what the agent side writes to her signed-in tab', async () => {
    const customerToken = await new TokenService(runtime.config.JWT_SECRET).issue(
      { kind: 'customer', id: stacyId, roles: ['customer'], customerId: stacyId },
      600,
    );
    const { client, received } = await connectChat(node(), { customerToken });
    clients.push(client);
    await received.history();

    const sent = await webchat
      .outbox()
      .sendToParty(
        { customerId: stacyId },
        { author: 'agent', authorName: 'Priya', text: 'I can see your cart; shall I explain?' },
      );

    expect(await received.message((message) => message.author === 'agent')).toEqual(sent);
  });
});
