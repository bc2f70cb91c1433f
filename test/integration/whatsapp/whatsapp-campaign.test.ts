import { catalogSeedIds } from '../../../src/seed/catalog';
import { STAND_IN_TEMPLATES } from '../../../src/connectors/whatsapp/whatsapp-settings';
import { shiftedClock } from '../campaigns/campaign-stack';
import {
  eventually,
  generatedCustomers,
  insertCustomers,
  startCampaignNode,
} from '../campaigns/harness';
import type { CampaignNode, CampaignStatsBody } from '../campaigns/harness';
import { whatsappFrom, whatsappOutboxTo } from './harness';

const clock = shiftedClock('2025-06-10T11:00:00Z');
const optedIn = { status: 'opted-in', source: 'selfcare', at: '2024-03-01T10:00:00Z' } as const;

/**
 * A campaign that prefers WhatsApp: those who opted in to WhatsApp promotions get it there, as the
 * approved template with her name, the offer and her link when she has not written lately, and
 * as the campaign's own words inside her window; everyone else gets it by SMS, as before.
 */
describe('a WhatsApp campaign', () => {
  let node: CampaignNode;
  const wa = () => ({ url: node.runtime.url!, runtime: node.runtime });
  const [amelia, oliver, isla] = generatedCustomers(3, { prefix: 'wa-camp', firstNumber: 700 });

  beforeAll(async () => {
    node = await startCampaignNode({ clock });
    await insertCustomers(node, [
      { ...amelia!, whatsappMarketing: optedIn },
      oliver!,
      { ...isla!, whatsappMarketing: optedIn },
    ]);
    // Isla wrote on WhatsApp an hour ago: her window is open.
    await whatsappFrom(wa(), isla!.mobile!, 'hello');
  });
  afterAll(async () => node?.runtime.stop());

  it('offers WhatsApp to the campaign console where it runs', async () => {
    const settings = await node.json<{ channels: Array<{ id: string; name: string }> }>(
      '/api/campaigns/settings',
    );
    expect(settings.channels).toEqual([
      { id: 'sms', name: 'text message' },
      { id: 'whatsapp', name: 'WhatsApp' },
    ]);
  });

  it('sends the template outside her window, free text inside it, and SMS to the rest', async () => {
    const campaign = await node.json<{ id: string; channel: string }>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Data Boost on WhatsApp',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstName}, {offerName} is yours to try: {link}',
        audience: { region: 'wa-camp' },
        channel: 'whatsapp',
        ratePerSecond: 50,
      }),
    });
    expect(campaign.channel).toBe('whatsapp');
    const scheduled = await node.api(`/api/campaigns/${campaign.id}/schedule`, {
      method: 'POST',
      body: '{}',
    });
    expect(scheduled.status).toBe(200);
    const stats = await eventually(async () => {
      const current = await node.json<CampaignStatsBody>(`/api/campaigns/${campaign.id}/stats`);
      return current.status === 'completed' && current;
    });
    expect(stats.sent).toBe(3);

    const [toAmelia] = await whatsappOutboxTo(wa(), amelia!.mobile!);
    expect(toAmelia).toMatchObject({ content_sid: STAND_IN_TEMPLATES.promotion });
    expect(toAmelia!.body).toMatch(
      /^Hi Amelia, an offer picked for you: Data Boost\. See it here: http\S+\/l\/\S+/,
    );
    expect(toAmelia!.body).toContain('Reply STOP to opt out');

    const toIsla = (await whatsappOutboxTo(wa(), isla!.mobile!)).find((message) =>
      message.body.includes('/l/'),
    );
    expect(toIsla?.content_sid).toBeUndefined();
    expect(toIsla!.body).toMatch(/^Hi Isla, Data Boost is yours to try: http\S+\/l\//);

    const sms = (await node.outbox()).filter((message) => message.to === oliver!.mobile);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toMatch(/^Hi Oliver, Data Boost is yours to try/);
    expect(await whatsappOutboxTo(wa(), oliver!.mobile!)).toEqual([]);

    const { items } = await node.stack.customers.services.interactions.timeline(
      { customerId: amelia!.id! },
      { limit: 10 },
    );
    expect(items.find((item) => item.kind === 'campaign-send')).toMatchObject({
      channel: 'whatsapp',
      summary: 'Campaign WhatsApp: Data Boost on WhatsApp (Data Boost)',
    });
  });
});
