import { catalogSeedIds } from '../../../src/seed/catalog';
import { outboxFor, perNumber } from './fault-helpers';
import {
  eventually,
  generatedCustomers,
  insertCustomers,
  pause,
  startCampaignNode,
} from './harness';
import type { CampaignNode, CampaignStatsBody } from './harness';
import { shiftedClock } from './campaign-stack';

const LONDON = 150;
const OPTED_OUT = [4, 77];
const NIGHT = 10;
const NUMBERS = '+4477016';
const number = (index: number) => `${NUMBERS}${String(index).padStart(5, '0')}`;

/**
 * The Twilio stand-in answers a storm of 429s, then 503s and 500s, in the middle of a campaign.
 * The hand-overs are retried with backoff: every consenting daytime recipient still gets exactly
 * one message, the opted-out none, and those for whom it is night none.
 */
describe('campaigns: Twilio answering 429 and 5xx for a while', () => {
  let node: CampaignNode;

  beforeAll(async () => {
    // 11:00 in London (sending hours), 23:00 in Auckland (quiet hours).
    node = await startCampaignNode({ clock: shiftedClock('2025-06-10T11:00:00Z') });
    await insertCustomers(node, [
      ...generatedCustomers(LONDON, { prefix: 'cust-storm', optedOut: OPTED_OUT, mobile: number }),
      ...generatedCustomers(NIGHT, {
        prefix: 'cust-storm-night',
        region: 'cust-storm',
        timezone: 'Pacific/Auckland',
        mobile: (index) => number(LONDON + index),
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await node?.runtime.stop();
  }, 60_000);

  const storm = async (count: number, status: 429 | 500 | 503) => {
    const response = await fetch(`${node.runtime.url}/dev/twilio/failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count, status }),
    });
    expect(response.status).toBe(204);
  };

  it('hands every consenting daytime recipient exactly one message through the storm', async () => {
    const campaign = await node.json<{ id: string }>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Through a Twilio storm',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstName}, {offerName}: {link}',
        audience: { region: 'cust-storm' },
        ratePerSecond: 25,
      }),
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    const stats = () => node.json<CampaignStatsBody>(`/api/campaigns/${campaign.id}/stats`);
    await eventually(async () => (await stats()).sent >= 25, 60_000, 'first sends');
    const before = (await node.outbox()).filter((m) => m.to.startsWith(NUMBERS)).length;

    // Every create-message request answers an error until these are used up.
    await storm(60, 429);
    await storm(40, 503);
    await storm(30, 500);
    const eligible = LONDON - OPTED_OUT.length;

    const settled = await eventually(
      async () => {
        const current = await stats();
        return current.sent >= eligible && current.deferred >= NIGHT ? current : undefined;
      },
      120_000,
      'every daytime recipient sent, every night-time one deferred',
    );
    expect(settled).toMatchObject({ targeted: LONDON + NIGHT, sent: eligible, deferred: NIGHT });
    expect(settled.skipped['no-consent']).toBe(OPTED_OUT.length);

    await outboxFor(node, NUMBERS, eligible, 120_000);
    await pause(2000);
    const counts = perNumber((await node.outbox()).filter((m) => m.to.startsWith(NUMBERS)));
    // The storm hit sends still to be handed over.
    expect(before).toBeLessThan(eligible);
    const twice = [...counts].filter(([, count]) => count > 1).map(([to]) => to);
    expect(twice).toEqual([]);
    expect(counts.size).toBe(eligible);
    for (const index of OPTED_OUT) expect(counts.has(number(index))).toBe(false);
    for (let index = 0; index < NIGHT; index++) {
      expect(counts.has(number(LONDON + index))).toBe(false);
    }
    expect((await stats()).failed).toBe(0);
  }, 300_000);
});
