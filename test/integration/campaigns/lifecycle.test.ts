import { catalogSeedIds, summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { shiftedClock } from './campaign-stack';
import { eventually, generatedCustomers, insertCustomers, startCampaignNode } from './harness';
import type { CampaignNode, CampaignStatsBody } from './harness';

interface CampaignBody {
  id: string;
  name: string;
  status: string;
  template: string;
  offeringId: string;
  audience: Record<string, unknown>;
  promotion?: { id: string; campaignId?: string };
  duplicatedFrom?: string;
  counters: { targeted: number; sent: number };
}

interface ErrorBody {
  code: string;
  message: string;
}

const clock = shiftedClock('2025-06-10T11:00:00Z');
const template = 'Hi {firstName}, {offerName} is here: {link}';

describe('campaign lifecycle: nothing runs twice, drafts edit, copies run again', () => {
  let node: CampaignNode;

  beforeAll(async () => {
    node = await startCampaignNode({ clock });
    await insertCustomers(node, generatedCustomers(2, { prefix: 'life', firstNumber: 600 }));
  });
  afterAll(async () => node?.runtime.stop());

  const create = (body: Record<string, unknown> = {}) =>
    node.json<CampaignBody>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Lifecycle',
        offeringId: catalogSeedIds.dataBoost,
        template,
        audience: { region: 'life' },
        ratePerSecond: 50,
        ...body,
      }),
    });
  const post = (path: string, body: unknown = {}) =>
    node.api(path, { method: 'POST', body: JSON.stringify(body) });
  const stats = (id: string) => node.json<CampaignStatsBody>(`/api/campaigns/${id}/stats`);
  const completed = (id: string) =>
    eventually(async () => {
      const current = await stats(id);
      return current.status === 'completed' ? current : undefined;
    });
  const campaignMessages = async () =>
    (await node.outbox()).filter((message) => message.body.includes('/l/'));

  it('refuses to schedule a completed campaign again (409), so its audience is messaged once', async () => {
    const campaign = await create();
    expect((await post(`/api/campaigns/${campaign.id}/schedule`)).status).toBe(200);
    await completed(campaign.id);
    const before = (await campaignMessages()).length;

    const again = await post(`/api/campaigns/${campaign.id}/schedule`);
    expect(again.status).toBe(409);
    const body = (await again.json()) as ErrorBody;
    expect(body.code).toBe('ILLEGAL_TRANSITION');
    expect(body.message).toMatch(/completed/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await node.json<CampaignBody>(`/api/campaigns/${campaign.id}`);
    expect(after.status).toBe('completed');
    expect(after.counters.targeted).toBe(2);
    expect((await campaignMessages()).length).toBe(before);

    // The list and the detail say the same.
    const list = await node.json<CampaignBody[]>('/api/campaigns');
    const row = list.find((item) => item.id === campaign.id)!;
    const detail = await stats(campaign.id);
    expect(row.status).toBe(detail.status);
    expect(row.counters.sent).toBe(detail.sent);
    expect(row.counters.targeted).toBe(detail.targeted);
  });

  it('refuses to schedule a cancelled campaign', async () => {
    const campaign = await create();
    expect((await post(`/api/campaigns/${campaign.id}/cancel`)).status).toBe(200);
    expect((await post(`/api/campaigns/${campaign.id}/schedule`)).status).toBe(409);
  });

  it('duplicates a finished campaign into a draft that runs on its own', async () => {
    const original = await create({ name: 'Wave one' });
    await post(`/api/campaigns/${original.id}/schedule`);
    await completed(original.id);
    const copy = await post(`/api/campaigns/${original.id}/duplicate`);
    expect(copy.status).toBe(201);
    const draft = (await copy.json()) as CampaignBody;
    expect(draft).toMatchObject({
      status: 'draft',
      name: 'Wave one (copy)',
      template,
      audience: { region: 'life' },
      duplicatedFrom: original.id,
    });
    expect(draft.id).not.toBe(original.id);
    await post(`/api/campaigns/${draft.id}/schedule`);
    expect((await completed(draft.id)).sent).toBe(2);
  });

  it('edits a draft, and only a draft', async () => {
    const campaign = await create();
    const edited = await node.json<CampaignBody>(`/api/campaigns/${campaign.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Renamed', template: 'Hello {firstName}: {link}' }),
    });
    expect(edited).toMatchObject({ name: 'Renamed', template: 'Hello {firstName}: {link}' });
    const badField = await node.api(`/api/campaigns/${campaign.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ template: 'Hello {firstname} {link}' }),
    });
    expect(badField.status).toBe(400);
    const badAudience = await node.api(`/api/campaigns/${campaign.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ audience: { mobile: { $regex: '^\\+44' } } }),
    });
    expect(badAudience.status).toBe(400);
    await post(`/api/campaigns/${campaign.id}/schedule`, {
      startAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    });
    const late = await node.api(`/api/campaigns/${campaign.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Too late' }),
    });
    expect(late.status).toBe(409);
    expect(((await late.json()) as ErrorBody).message).toMatch(/Only a draft/);
    await post(`/api/campaigns/${campaign.id}/cancel`);
  });

  it('archives only what will send nothing more, and keeps it out of the list', async () => {
    const scheduled = await create();
    await post(`/api/campaigns/${scheduled.id}/schedule`, {
      startAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect((await post(`/api/campaigns/${scheduled.id}/archive`)).status).toBe(409);
    await post(`/api/campaigns/${scheduled.id}/cancel`);
    expect((await post(`/api/campaigns/${scheduled.id}/archive`)).status).toBe(200);
    const list = await node.json<CampaignBody[]>('/api/campaigns');
    expect(list.some((item) => item.id === scheduled.id)).toBe(false);
    const archived = await node.json<CampaignBody[]>('/api/campaigns?archived=true');
    expect(archived.map((item) => item.id)).toContain(scheduled.id);
  });

  it('test-sends the message to her own phone, marked as a test, a limited number of times', async () => {
    const campaign = await create();
    const sent = await node.json<{ to: string; body: string }>(
      `/api/campaigns/${campaign.id}/test-send`,
      { method: 'POST', body: JSON.stringify({ to: '+44 7700 900999' }) },
    );
    expect(sent.to).toBe('+447700900999');
    const message = await eventually(async () =>
      (await node.outbox()).find((entry) => entry.to === '+447700900999'),
    );
    expect(message.body).toMatch(/^\[Test\] Hi Alex, .+ is here: http.+\/offers\//);
    expect((await post(`/api/campaigns/${campaign.id}/test-send`, { to: 'nope' })).status).toBe(
      400,
    );
    let last = 200;
    for (let attempt = 0; attempt < 10 && last === 200; attempt++) {
      last = (await post(`/api/campaigns/${campaign.id}/test-send`, { to: '+447700900999' }))
        .status;
    }
    expect(last).toBe(429);
    // A test send is not a campaign send: nobody of the audience was messaged.
    expect((await stats(campaign.id)).sent).toBe(0);
  });

  it('ties a campaign to the catalog promotion it sells, so its recipients get its price', async () => {
    const promotions = await node.json<
      Array<{ id: string; campaignId?: string; offeringIds: string[] }>
    >('/api/campaigns/promotions');
    const summer = promotions.find(
      (promotion) => promotion.id === catalogSeedIds.summerCampaignPromotion,
    )!;
    expect(summer.campaignId).toBe(summerDataDoubleCampaignId);
    const campaign = await node.json<CampaignBody>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Summer',
        promotionId: summer.id,
        template,
        audience: { region: 'life' },
      }),
    });
    expect(campaign.id).toBe(summerDataDoubleCampaignId);
    expect(campaign.offeringId).toBe(catalogSeedIds.summerDataDouble);
    expect(campaign.promotion).toMatchObject({
      id: summer.id,
      campaignId: summerDataDoubleCampaignId,
    });
    const twice = await node.api('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({ name: 'Summer again', promotionId: summer.id, template }),
    });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as ErrorBody).message).toMatch(/duplicate or edit/);
    const unknown = await node.api('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({ name: 'Nope', promotionId: 'promo-nope', template }),
    });
    expect(unknown.status).toBe(400);
  });
});
