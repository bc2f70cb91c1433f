import { catalogSeedIds } from '../../../src/seed/catalog';
import { shiftedClock } from './campaign-stack';
import { eventually, generatedCustomers, insertCustomers, startCampaignNode } from './harness';
import type { CampaignNode, CampaignStatsBody } from './harness';

interface Preview {
  count: number;
  consenting: number;
  sample: Array<{ id: string; mobile: string }>;
}

interface ErrorBody {
  '@type': string;
  code: string;
  status: string;
  message: string;
}

const clock = shiftedClock('2025-06-10T11:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('audiences: a closed vocabulary, walked through the owning services', () => {
  let node: CampaignNode;

  beforeAll(async () => {
    node = await startCampaignNode({ clock });
    // seg-0000 … seg-0009: consumers since 2022, #3 opted out; #0-#3 business; #4-#5 in Paris.
    await insertCustomers(
      node,
      generatedCustomers(10, { prefix: 'seg', optedOut: [3], firstNumber: 500 }),
    );
    const { Customer } = node.stack.customers.services.models;
    await Customer.updateMany(
      { _id: { $in: ['seg-0000', 'seg-0001', 'seg-0002', 'seg-0003'] } },
      { $set: { segment: 'business' } },
    );
    await Customer.updateMany(
      { _id: { $in: ['seg-0004', 'seg-0005'] } },
      { $set: { timezone: 'Europe/Paris' } },
    );
    await Customer.updateOne(
      { _id: 'seg-0009' },
      { $set: { customerSince: new Date('2025-03-01T00:00:00Z') } },
    );
    const subscription = (offeringId: string, isPlan: boolean, status = 'active') => ({
      id: `sub-${offeringId}-${isPlan}`,
      offeringId,
      offeringName: offeringId,
      isPlan,
      status,
      characteristics: {},
      startDate: new Date('2024-01-01T00:00:00Z'),
    });
    await Customer.updateMany(
      { _id: { $in: ['seg-0006', 'seg-0007'] } },
      {
        $set: {
          subscriptions: [subscription('po-plan-gold', true), subscription('po-roam', false)],
        },
      },
    );
    await Customer.updateOne(
      { _id: 'seg-0008' },
      { $set: { subscriptions: [subscription('po-plan-gold', true, 'terminated')] } },
    );
    const interactions = node.stack.customers.services.interactions;
    const contact = (customerId: string, daysAgo: number, kind: 'message' | 'campaign-send') =>
      interactions.record({
        party: { customerId },
        kind,
        channel: 'sms',
        direction: kind === 'message' ? 'inbound' : 'outbound',
        summary: 'Test contact',
        occurredAt: new Date(clock.now().getTime() - daysAgo * DAY),
      });
    await contact('seg-0004', 3, 'message');
    await contact('seg-0005', 40, 'message');
    await contact('seg-0005', 1, 'campaign-send'); // campaign messages are not "contact"
    await contact('seg-0006', 200, 'message');
  });
  afterAll(async () => node?.runtime.stop());

  const preview = (audience: unknown) =>
    node.api('/api/campaigns/audience-preview', {
      method: 'POST',
      body: JSON.stringify({ audience, sampleSize: 20 }),
    });
  const count = async (audience: Record<string, unknown>) => {
    const response = await preview({ region: 'seg', ...audience });
    const body = (await response.json()) as Preview & ErrorBody;
    if (response.status !== 200) throw new Error(`${response.status} ${body.message}`);
    return body;
  };
  const refusal = async (audience: unknown) => {
    const response = await preview(audience);
    const body = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(body['@type']).toBe('Error');
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.status).toBe('400');
    return body.message;
  };

  it('cannot be used as an oracle on contact data: the number, name or e-mail cannot be named', async () => {
    expect(await refusal({ mobile: { $regex: '^\\+447700905' } })).toMatch(/may not use mobile/);
    expect(await refusal({ mobile: '+447700900500' })).toMatch(/may not use mobile/);
    expect(await refusal({ 'identities.handle': '+447700900500' })).toMatch(/identities\.handle/);
    expect(await refusal({ 'name.given': 'Amelia' })).toMatch(/name\.given/);
    expect(await refusal({ $or: [{ region: 'seg' }, { email: { $exists: true } }] })).toMatch(
      /email/,
    );
  });

  it('refuses every operator a segment does not need, naming it', async () => {
    expect(await refusal({ customerId: { $regex: '^seg-' } })).toMatch(/\$regex is not allowed/);
    expect(await refusal({ $where: 'sleep(1000)' })).toMatch(/\$where/);
    expect(await refusal({ $expr: { $gt: ['$customerSince', '$lastUpdate'] } })).toMatch(/\$expr/);
    expect(
      await refusal({ region: { $function: { body: 'return 1', args: [], lang: 'js' } } }),
    ).toMatch(/\$function/);
    expect(await refusal({ $lookup: { from: 'customers', as: 'x' } })).toMatch(/\$lookup/);
    expect(await refusal({ region: { $elemMatch: { a: 1 } } })).toMatch(/\$elemMatch/);
  });

  it('answers values of the wrong type with a 400 saying which, on preview and on create', async () => {
    expect(await refusal({ customerSince: true })).toMatch(/customerSince/);
    expect(await refusal({ customerSince: { $gte: '2099-13-45' } })).toMatch(/a date like/);
    expect(await refusal({ customerSince: {} })).toMatch(/customerSince/);
    expect(await refusal({ segment: {} })).toMatch(/segment/);
    expect(await refusal({ tenureMonths: { $gte: { $gt: 1 } } })).toMatch(/tenureMonths/);
    expect(await refusal('consumers')).toMatch(/object/);
    for (const audience of [
      { customerSince: true },
      { customerSince: '2099-13-45' },
      { customerSince: {} },
    ]) {
      const created = await node.api('/api/campaigns', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Bad audience',
          offeringId: catalogSeedIds.dataBoost,
          template: 'Hi {firstName}: {link}',
          audience,
        }),
      });
      expect(created.status).toBe(400);
      expect(((await created.json()) as ErrorBody).message).toMatch(/customerSince/);
    }
  });

  it('selects by segment, plan, subscriptions, tenure, consent, time zone and AND/OR groups', async () => {
    expect((await count({})).count).toBe(10);
    expect((await count({ segment: 'business' })).count).toBe(4);
    expect((await count({ segment: 'business' })).consenting).toBe(3);
    expect((await count({ consent: 'opted-out' })).count).toBe(1);
    // An ended plan is not her plan.
    expect((await count({ plan: 'po-plan-gold' })).count).toBe(2);
    expect((await count({ plan: 'po-roam' })).count).toBe(0);
    expect((await count({ subscription: 'po-roam' })).count).toBe(2);
    expect((await count({ tenureMonths: { $lt: 12 } })).sample.map((member) => member.id)).toEqual([
      'seg-0009',
    ]);
    expect((await count({ customerSince: { $gte: '2025-01-01' } })).count).toBe(1);
    expect((await count({ timezone: 'Europe/Paris' })).count).toBe(2);
    expect(
      (
        await count({
          $or: [{ segment: 'business' }, { timezone: 'Europe/Paris' }],
          consent: 'opted-in',
        })
      ).count,
    ).toBe(5);
    expect(
      (await count({ $nor: [{ segment: 'business' }, { plan: { $exists: true } }] })).count,
    ).toBe(4);
  });

  it('selects by last interaction, from the interactions service (campaign messages do not count)', async () => {
    const recent = await count({ lastInteractionDaysAgo: { $lte: 30 } });
    expect(recent.sample.map((member) => member.id)).toEqual(['seg-0004']);
    const lapsed = await count({ lastInteractionDaysAgo: { $gt: 30 } });
    expect(lapsed.sample.map((member) => member.id)).toEqual(['seg-0005', 'seg-0006']);
    expect((await count({ lastInteractionDaysAgo: { $exists: false } })).count).toBe(7);
  });

  it('masks the sample, and reaches earlier campaigns’ recipients who clicked or did not', async () => {
    const sample = (await count({ segment: 'business' })).sample;
    expect(sample.every((member) => /^\+447•+\d{3}$/.test(member.mobile))).toBe(true);

    const first = await node.json<{ id: string }>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'First wave',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstName}, {offerName}: {link}',
        audience: { region: 'seg', timezone: 'Europe/Paris' },
        ratePerSecond: 50,
        quietHours: { allowedFrom: '00:00', allowedUntil: '23:59' },
      }),
    });
    await node.json(`/api/campaigns/${first.id}/schedule`, { method: 'POST', body: '{}' });
    await eventually(async () => {
      const stats = await node.json<CampaignStatsBody>(`/api/campaigns/${first.id}/stats`);
      return stats.status === 'completed' ? stats : undefined;
    });
    const { CampaignRecipient } = node.stack.campaigns.services.models;
    const clicked = await CampaignRecipient.findById(`${first.id}:seg-0004`).lean();
    const response = await fetch(`${node.runtime.url}/l/${clicked!.code}`, { redirect: 'manual' });
    expect(response.status).toBe(302);

    expect((await count({ campaignsReceived: first.id })).count).toBe(2);
    const notClicked = await count({
      campaignsReceived: first.id,
      campaignsClicked: { $ne: first.id },
    });
    expect(notClicked.sample.map((member) => member.id)).toEqual(['seg-0005']);
    expect((await count({ campaignsClicked: first.id })).sample.map((member) => member.id)).toEqual(
      ['seg-0004'],
    );
  });

  it('sends a campaign to exactly the members of a segment only the walk can decide', async () => {
    const campaign = await node.json<{ id: string }>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Lapsed and gold',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstName}, {offerName}: {link}',
        audience: {
          region: 'seg',
          $or: [{ lastInteractionDaysAgo: { $gt: 30 } }, { plan: 'po-plan-gold' }],
        },
        ratePerSecond: 50,
      }),
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    const done = await eventually(async () => {
      const stats = await node.json<CampaignStatsBody>(`/api/campaigns/${campaign.id}/stats`);
      return stats.status === 'completed' ? stats : undefined;
    });
    expect(done.targeted).toBe(3);
    expect(done.sent).toBe(3);
    const reached = await node.stack.campaigns.services.models.CampaignRecipient.find(
      { campaignId: campaign.id },
      { customerId: 1 },
    ).lean();
    expect(reached.map((recipient) => recipient.customerId).sort()).toEqual([
      'seg-0005',
      'seg-0006',
      'seg-0007',
    ]);
  });
});
