import { catalogSeedIds } from '../../../src/seed/catalog';
import { CAMPAIGN_CHUNK_QUEUE } from '../../../src/connectors/campaigns/campaign-queues';
import { shiftedClock } from './campaign-stack';
import {
  eventually,
  generatedCustomers,
  insertCustomers,
  pause,
  startCampaignNode,
} from './harness';
import type { CampaignNode, CampaignStatsBody } from './harness';

/** 22:30 in London (BST): quiet hours for Londoners, mid-afternoon in New York. */
const lateEvening = '2025-06-10T21:30:00Z';
/** 08:01 the next morning in London. */
const nextMorning = '2025-06-11T07:01:00Z';

describe('campaigns: quiet hours in the recipient’s own time zone', () => {
  const clock = shiftedClock(lateEvening);
  let node: CampaignNode;

  beforeAll(async () => {
    node = await startCampaignNode({ clock });
    await insertCustomers(node, [
      ...generatedCustomers(3, { prefix: 'cust-london' }),
      ...generatedCustomers(2, {
        prefix: 'cust-newyork',
        firstNumber: 400,
        timezone: 'America/New_York',
      }),
    ]);
  });
  afterAll(async () => node?.runtime.stop());

  it('defers those in quiet hours to their next allowed time, and sends them then', async () => {
    const campaign = await node.json<{ id: string }>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Night owls',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstName}, {offerName}: {link}',
        audience: { region: { $in: ['cust-london', 'cust-newyork'] } },
        ratePerSecond: 20,
      }),
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    const stats = () => node.json<CampaignStatsBody>(`/api/campaigns/${campaign.id}/stats`);

    const evening = await eventually(async () => {
      const current = await stats();
      return current.sent === 2 && current.deferred === 3 ? current : undefined;
    });
    expect(evening.status).toBe('running');
    const deferred = await node.stack.campaigns.services.models.CampaignRecipient.find({
      campaignId: campaign.id,
      state: 'deferred',
    }).lean();
    expect(deferred.map((recipient) => recipient.customerId).sort()).toEqual([
      'cust-london-0000',
      'cust-london-0001',
      'cust-london-0002',
    ]);
    // 08:00 London time (BST, UTC+1) the next morning.
    for (const recipient of deferred) {
      expect(recipient.deferredUntil?.toISOString()).toBe('2025-06-11T07:00:00.000Z');
    }
    await pause(500);
    expect((await stats()).sent).toBe(2);

    // Morning comes: the delayed chunk job is due (promoted, rather than waiting 9½ hours).
    clock.set(nextMorning);
    const delayed = await node.runtime.queues.queue(CAMPAIGN_CHUNK_QUEUE).getDelayed();
    expect(delayed.length).toBeGreaterThan(0);
    await Promise.all(delayed.map((job) => job.promote()));

    const morning = await eventually(async () => {
      const current = await stats();
      return current.status === 'completed' ? current : undefined;
    });
    expect(morning).toMatchObject({ sent: 5, deferred: 0, targeted: 5 });
    const londoners = (await node.outbox()).filter((message) =>
      /^\+447700900(200|201|202)$/.test(message.to),
    );
    expect(londoners).toHaveLength(3);
  });
});
