import { createHmac } from 'node:crypto';
import { CampaignLinkTokens } from '../../../src/domain/customers/campaign-link-token';
import { catalogSeedIds, summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { connectChat, createVisitor, send, textOf } from '../webchat/harness';
import type { ChatClient, ChatNode } from '../webchat/harness';
import { startPortal } from './portal-harness';
import type { Portal } from './portal-harness';

const stacyId = seededCustomerIds.stacy;
const summer = catalogSeedIds.summerDataDouble;

/**
 * A personal campaign link opened in a browser that never signed in: the offer at the campaign's
 * price, and nothing of hers (no name, no chat history) until she signs in; a wrong or expired
 * link prices nothing for the campaign, and a reused one reveals no more than the first open.
 */
describe('campaign link privacy', () => {
  let portal: Portal;
  let token: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    portal = await startPortal();
    token = await portal.features.customers.services.identities.createCampaignLinkToken({
      customerId: stacyId,
      campaignId: summerDataDoubleCampaignId,
    });
    // Her own chat, signed in: what a stranger holding her link must never see.
    const { client, received } = await connectChat(node(), {
      customerToken: await portal.customerToken(stacyId),
    });
    clients.push(client);
    await received.history();
    await send(client, { text: 'my secret question about my bill' });
    await received.message((message) => message.author === 'bot');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await portal?.stop();
  });

  const node = () => ({ url: portal.url }) as ChatNode;
  const page = async (query: string) =>
    (await fetch(`${portal.url}/offers/${summer}${query}`)).text();

  it('shows the offer at the campaign price and no personal data, every time the link is opened', async () => {
    for (let open = 0; open < 2; open += 1) {
      const body = await page(`?c=${token}`);
      expect(body).toContain('<strong>£4.00 a month</strong>');
      expect(body).toContain('Campaign price');
      expect(body).not.toContain('Stacy');
      expect(body).toContain('href="/sign-in');

      const visitor = await createVisitor(node());
      const { client, received } = await connectChat(node(), {
        visitorToken: visitor.visitorToken,
        campaignToken: token,
      });
      clients.push(client);
      const history = await received.history();
      const greeting = await received.message((message) => message.author === 'bot');
      expect(received.sessions).toEqual([{ kind: 'visitor' }]);
      expect(JSON.stringify(history)).not.toContain('secret question');
      expect(textOf(greeting)).not.toContain('Stacy');
    }
  });

  it('prices nothing for the campaign on a wrong or expired link', async () => {
    const expired = await new CampaignLinkTokens(
      createHmac('sha256', portal.runtime.config.JWT_SECRET)
        .update('omnichannel-sales-assist:campaign-link')
        .digest('base64url'),
      60,
    ).create(
      { customerId: stacyId, campaignId: summerDataDoubleCampaignId },
      new Date(Date.now() - 3_600_000),
    );
    for (const link of [`${token.slice(0, -4)}AAAA`, expired]) {
      const body = await page(`?c=${link}`);
      expect(body).toContain('<strong>£5.00 a month</strong>');
      expect(body).not.toContain('Campaign price');
      expect(body).not.toContain('Stacy');
    }
    const unknown = await fetch(`${portal.url}/l/nosuchcode`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
  });
});
