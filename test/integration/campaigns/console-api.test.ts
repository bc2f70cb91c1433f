import { catalogSeedIds } from '../../../src/seed/catalog';
import { shiftedClock } from './campaign-stack';
import { eventually, generatedCustomers, insertCustomers, startCampaignNode } from './harness';
import type { CampaignNode, CampaignStatsBody } from './harness';

interface Preview {
  count: number;
  consenting: number;
  sample: Array<{ id: string; firstName: string; mobile: string; consent: boolean }>;
  audience: Record<string, unknown>;
  builder?: { match: string; rules: unknown[] };
}

interface CampaignBody {
  id: string;
  status: string;
  audience: Record<string, unknown>;
  audienceBuilder?: { match: string; rules: unknown[] };
  quietHours: { allowedFrom: string; allowedUntil: string; timeZone?: string };
}

interface Progress {
  status: string;
  bucketSeconds: number;
  from?: string;
  buckets: Array<{ at: string; sent: number; delivered: number; failed: number }>;
}

interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const clock = shiftedClock('2025-06-10T11:00:00Z');
const template = 'Hi {firstName}, {offerName} is here: {link}';
const londonConsenting = {
  match: 'all',
  rules: [
    { field: 'region', op: 'one-of', values: ['api-ldn'] },
    { field: 'consent', op: 'is', value: 'opted-in' },
  ],
};

describe('the console API: builder audiences, progress over time, comparison', () => {
  let node: CampaignNode;

  beforeAll(async () => {
    node = await startCampaignNode({ clock });
    await insertCustomers(
      node,
      generatedCustomers(5, { prefix: 'api-ldn', optedOut: [1], firstNumber: 700 }),
    );
    await insertCustomers(
      node,
      generatedCustomers(3, { prefix: 'api-man', region: 'api-man', firstNumber: 720 }),
    );
  });
  afterAll(async () => node?.runtime.stop());

  const post = (path: string, body: unknown = {}) =>
    node.api(path, { method: 'POST', body: JSON.stringify(body) });
  const create = (body: Record<string, unknown>) =>
    node.json<CampaignBody>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Console API',
        offeringId: catalogSeedIds.dataBoost,
        template,
        ratePerSecond: 50,
        ...body,
      }),
    });
  const completed = (id: string) =>
    eventually(async () => {
      const current = await node.json<CampaignStatsBody>(`/api/campaigns/${id}/stats`);
      return current.status === 'completed' ? current : undefined;
    });

  it('previews a builder audience: count, masked sample with first names, and the query it compiles to', async () => {
    const response = await post('/api/campaigns/audience-preview', { builder: londonConsenting });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.count).toBe(4);
    expect(preview.consenting).toBe(4);
    expect(preview.audience).toEqual({ $and: [{ region: 'api-ldn' }, { consent: 'opted-in' }] });
    expect(preview.builder).toEqual(londonConsenting);
    for (const member of preview.sample) {
      expect(member.mobile).toMatch(/^\+447•+\d{3}$/);
      expect(member.firstName).not.toMatch(/Tester/);
      expect(Object.keys(member).sort()).toEqual(['consent', 'firstName', 'id', 'mobile']);
    }
    const either = (await (
      await post('/api/campaigns/audience-preview', {
        builder: {
          match: 'any',
          rules: [
            { field: 'region', op: 'one-of', values: ['api-man'] },
            {
              match: 'all',
              rules: [
                { field: 'region', op: 'one-of', values: ['api-ldn'] },
                { field: 'consent', op: 'is', value: 'opted-out' },
              ],
            },
          ],
        },
      })
    ).json()) as Preview;
    expect(either.count).toBe(4);
    expect(either.consenting).toBe(3);
  });

  it('answers a plain query with its builder form, or none when only the advanced view can show it', async () => {
    const plain = (await (
      await post('/api/campaigns/audience-preview', { audience: { region: 'api-man' } })
    ).json()) as Preview;
    expect(plain.builder).toEqual({
      match: 'all',
      rules: [{ field: 'region', op: 'one-of', values: ['api-man'] }],
    });
    const custom = (await (
      await post('/api/campaigns/audience-preview', {
        audience: { customerId: { $in: ['api-man-0000'] } },
      })
    ).json()) as Preview;
    expect(custom.count).toBe(1);
    expect(custom.builder).toBeUndefined();
  });

  it('refuses a builder outside its lists with a 400 naming the problem', async () => {
    const bad = await post('/api/campaigns/audience-preview', {
      builder: { match: 'all', rules: [{ field: 'mobile', op: 'one-of', values: ['+44'] }] },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).code).toBe('VALIDATION_FAILED');
    const empty = await post('/api/campaigns/audience-preview', {
      builder: { match: 'all', rules: [{ field: 'plan', op: 'one-of', values: [] }] },
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorBody).message).toMatch(/Choose at least one plan/);
  });

  it('creates and edits a draft from the builder, and shows it back in the builder form', async () => {
    const campaign = await create({
      audienceBuilder: londonConsenting,
      quietHours: { allowedFrom: '09:00', allowedUntil: '20:00', timeZone: 'Europe/London' },
    });
    expect(campaign.audience).toEqual({ $and: [{ region: 'api-ldn' }, { consent: 'opted-in' }] });
    expect(campaign.audienceBuilder).toEqual(londonConsenting);
    expect(campaign.quietHours).toEqual({
      allowedFrom: '09:00',
      allowedUntil: '20:00',
      timeZone: 'Europe/London',
    });
    const edited = await node.json<CampaignBody>(`/api/campaigns/${campaign.id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        audienceBuilder: {
          match: 'all',
          rules: [{ field: 'region', op: 'one-of', values: ['api-man'] }],
        },
      }),
    });
    expect(edited.audience).toEqual({ $and: [{ region: 'api-man' }] });
    const fetched = await node.json<CampaignBody>(`/api/campaigns/${campaign.id}`);
    expect(fetched.audienceBuilder?.rules).toHaveLength(1);
  });

  it('tells the console the sender limit and the test sends allowed', async () => {
    const settings = await node.json<{ senderRatePerSecond: number; maxTestSends: number }>(
      '/api/campaigns/settings',
    );
    // The stack's outbound queue is set to 200 a second (campaign-stack.ts).
    expect(settings.senderRatePerSecond).toBe(200);
    expect(settings.maxTestSends).toBe(10);
    expect((await node.api('/api/campaigns/settings', { token: 'nope' })).status).toBe(401);
  });

  it('buckets sends and outcomes over time, and refuses to run a completed campaign again, naming the way out', async () => {
    const campaign = await create({ name: 'Bucketed', audienceBuilder: londonConsenting });
    const before = await node.json<Progress>(`/api/campaigns/${campaign.id}/progress`);
    expect(before.buckets).toEqual([]);
    await post(`/api/campaigns/${campaign.id}/schedule`);
    await completed(campaign.id);
    const progress = await eventually(async () => {
      const current = await node.json<Progress>(
        `/api/campaigns/${campaign.id}/progress?bucketSeconds=1`,
      );
      const delivered = current.buckets.reduce((sum, bucket) => sum + bucket.delivered, 0);
      return delivered === 4 ? current : undefined;
    });
    expect(progress.bucketSeconds).toBe(1);
    expect(progress.buckets.reduce((sum, bucket) => sum + bucket.sent, 0)).toBe(4);
    const times = progress.buckets.map((bucket) => new Date(bucket.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(new Date(progress.from!).getTime());
    const coarse = await node.json<Progress>(
      `/api/campaigns/${campaign.id}/progress?bucketSeconds=3600`,
    );
    expect(coarse.buckets).toHaveLength(1);
    expect(coarse.buckets[0]).toMatchObject({ sent: 4, delivered: 4, failed: 0 });
    expect((await node.api(`/api/campaigns/${campaign.id}/progress?bucketSeconds=0`)).status).toBe(
      400,
    );

    const again = await post(`/api/campaigns/${campaign.id}/schedule`);
    expect(again.status).toBe(409);
    const refusal = (await again.json()) as ErrorBody;
    expect(refusal.code).toBe('ILLEGAL_TRANSITION');
    expect(refusal.details).toMatchObject({ from: 'completed', instead: 'duplicate' });
    expect(refusal.message).toMatch(/duplicate it/);

    const rows = await node.json<
      Array<{ id: string; sent: number; delivered: number; rates: { delivery: number | null } }>
    >('/api/campaigns/comparison');
    const row = rows.find((item) => item.id === campaign.id)!;
    expect(row).toMatchObject({ sent: 4, delivered: 4, rates: { delivery: 1 } });
    // Drafts have nothing to compare.
    expect(rows.every((item) => item.id !== undefined)).toBe(true);
    const drafts = await node.json<Array<{ id: string; status: string }>>(
      '/api/campaigns?status=draft',
    );
    expect(rows.some((item) => drafts.some((draft) => draft.id === item.id))).toBe(false);
  });
  it('takes a campaign scheduled for later back to draft to edit it, and starts it again once', async () => {
    const campaign = await create({ name: 'Later', audienceBuilder: londonConsenting });
    const later = new Date(clock.now().getTime() + 3_600_000).toISOString();
    expect((await post(`/api/campaigns/${campaign.id}/schedule`, { startAt: later })).status).toBe(
      200,
    );
    const back = await post(`/api/campaigns/${campaign.id}/unschedule`);
    expect(back.status).toBe(200);
    expect(((await back.json()) as CampaignBody).status).toBe('draft');
    const edited = await node.json<CampaignBody>(`/api/campaigns/${campaign.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Later, edited' }),
    });
    expect(edited.status).toBe('draft');
    expect((await post(`/api/campaigns/${campaign.id}/schedule`)).status).toBe(200);
    expect((await completed(campaign.id)).sent).toBe(4);
    const again = await post(`/api/campaigns/${campaign.id}/unschedule`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).code).toBe('ILLEGAL_TRANSITION');
  });
});
