import { TokenService } from '../../../src/infra/auth/tokens';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { shiftedClock } from './campaign-stack';
import {
  AGENT_KEY,
  DEMO_PASSWORD,
  eventually,
  generatedCustomers,
  insertCustomers,
  pause,
  startCampaignNode,
} from './harness';
import type { CampaignNode, CampaignStatsBody } from './harness';

interface CampaignBody {
  id: string;
  status: string;
  counters: { targeted: number; sent: number };
}

const template = 'Hi {firstName}, {offerName} is yours for less: {link} Reply STOP to opt out';

/** Midday in London: outside quiet hours whenever the suite runs. */
const clock = shiftedClock('2025-06-10T11:00:00Z');

describe('campaigns: REST, sending exactly once, consent, pause/resume/cancel, links, attribution', () => {
  let node: CampaignNode;

  beforeAll(async () => {
    node = await startCampaignNode({ clock });
    await insertCustomers(node, [
      ...generatedCustomers(12, { prefix: 'cust-spring', optedOut: [3] }),
      ...generatedCustomers(20, { prefix: 'cust-pace', firstNumber: 300 }),
    ]);
  });
  afterAll(async () => node?.runtime.stop());

  const create = (overrides: Record<string, unknown>) =>
    node.json<CampaignBody>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Spring data boost',
        offeringId: catalogSeedIds.dataBoost,
        template,
        ratePerSecond: 50,
        ...overrides,
      }),
    });
  const stats = (id: string) => node.json<CampaignStatsBody>(`/api/campaigns/${id}/stats`);
  const finished = (id: string, status = 'completed') =>
    eventually(
      async () => {
        const current = await stats(id);
        return current.status === status ? current : undefined;
      },
      30_000,
      `campaign ${status}`,
    );
  const sentTo = async (idPrefix: string) => {
    const numbers = (await node.outbox())
      .filter((message) => message.body.includes('/l/'))
      .map((message) => message.to);
    return numbers.filter((to) => to.startsWith(idPrefix));
  };

  it('refuses callers without a token (401) and without the campaign-manager role (403)', async () => {
    const anonymous = await fetch(`${node.runtime.url}/api/campaigns`);
    expect(anonymous.status).toBe(401);
    const agent = await node.api('/api/campaigns', { token: AGENT_KEY });
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as { code: string }).code).toBe('FORBIDDEN');
  });

  it('lets a signed-in campaign manager in, and only her', async () => {
    const signIn = (username: string) =>
      fetch(`${node.runtime.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      }).then((response) => response.json() as Promise<{ token: string }>);
    const cam = await signIn('campaigns.cam');
    expect((await node.api('/api/campaigns', { token: cam.token })).status).toBe(200);
    const alex = await signIn('agent.alex');
    expect((await node.api('/api/campaigns', { token: alex.token })).status).toBe(403);
  });

  it('previews an audience with its count, consenting count and a masked sample', async () => {
    const preview = await node.json<{
      count: number;
      consenting: number;
      sample: Array<{ id: string; mobile: string; consent: boolean }>;
    }>('/api/campaigns/audience-preview', {
      method: 'POST',
      body: JSON.stringify({ audience: { region: 'cust-spring' }, sampleSize: 3 }),
    });
    expect(preview.count).toBe(12);
    expect(preview.consenting).toBe(11);
    expect(preview.sample).toHaveLength(3);
    expect(preview.sample[0]!.mobile).not.toContain('900200');
  });

  it('refuses audiences that run code, and unknown template fields', async () => {
    const where = await node.api('/api/campaigns/audience-preview', {
      method: 'POST',
      body: JSON.stringify({ audience: { $where: 'sleep(1000)' } }),
    });
    expect(where.status).toBe(400);
    const typo = await node.api('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Typo',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstname} {link}',
      }),
    });
    expect(typo.status).toBe(400);
  });

  it('counts segments while writing and refuses to schedule a message over its budget', async () => {
    const check = await node.json<{ segments: { encoding: string; segments: number } }>(
      '/api/campaigns/message-check',
      {
        method: 'POST',
        body: JSON.stringify({ template: 'Hi {firstName} 😀 {link}', maxSegments: 1 }),
      },
    );
    expect(check.segments.encoding).toBe('UCS-2');
    const long = await create({
      name: 'Too long',
      template: `${'Data '.repeat(40)}{link}`,
      maxSegments: 1,
      audience: { _id: 'nobody' },
    });
    const refused = await node.api(`/api/campaigns/${long.id}/schedule`, {
      method: 'POST',
      body: '{}',
    });
    expect(refused.status).toBe(422);
  });

  it('sends every consenting recipient exactly one SMS, none to the opted-out, and completes', async () => {
    const campaign = await create({ audience: { region: 'cust-spring' } });
    const scheduled = await node.json<CampaignBody>(`/api/campaigns/${campaign.id}/schedule`, {
      method: 'POST',
      body: '{}',
    });
    expect(scheduled.status).toBe('scheduled');

    const done = await finished(campaign.id);
    expect(done).toMatchObject({ targeted: 12, sent: 11, deferred: 0 });
    expect(done.skipped['no-consent']).toBe(1);

    // "sent" counts messages handed to the outbound SMS queue; the stand-in's outbox follows.
    const numbers = await eventually(async () => {
      const soFar = await sentTo('+4477009002');
      return soFar.length >= 11 ? soFar : undefined;
    });
    expect(numbers).toHaveLength(11);
    expect(new Set(numbers).size).toBe(11);
    expect(numbers).not.toContain('+447700900203');
    const bodies = (await node.outbox()).filter((message) => message.to === '+447700900200');
    expect(bodies[0]!.body).toMatch(/^Hi Amelia, Data Boost is yours for less: http.*\/l\/\w{10} /);

    const delivered = await eventually(async () => {
      const current = await stats(campaign.id);
      return current.delivered === 11 ? current : undefined;
    });
    expect(delivered.failed).toBe(0);
  });

  it('stops sending to a customer who opts out mid-campaign', async () => {
    const campaign = await create({
      audience: { region: 'cust-pace' },
      ratePerSecond: 4,
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    await eventually(async () => (await sentTo('+4477009003')).length >= 1);
    // The last recipient in _id order: cust-pace-0019, +447700900319.
    await node.stack.customers.services.customers.setSmsMarketingConsent('cust-pace-0019', {
      status: 'opted-out',
      source: 'sms-keyword',
    });
    const done = await finished(campaign.id);
    expect(done.skipped['no-consent']).toBe(1);
    expect(done.sent).toBe(19);
    expect(await sentTo('+447700900319')).toEqual([]);
  });

  it('pauses within seconds, resumes where it stopped, and cancels for good', async () => {
    const campaign = await create({
      name: 'Paced',
      audience: { region: 'cust-pace' },
      ratePerSecond: 5,
      id: 'cmp-paced-test',
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    await eventually(async () => (await stats(campaign.id)).sent >= 3);
    await node.json(`/api/campaigns/${campaign.id}/pause`, { method: 'POST' });
    await pause(1500);
    const afterPause = (await stats(campaign.id)).sent;
    await pause(1500);
    expect((await stats(campaign.id)).sent).toBe(afterPause);
    expect(afterPause).toBeLessThan(20);

    await node.json(`/api/campaigns/${campaign.id}/resume`, { method: 'POST' });
    await eventually(async () => (await stats(campaign.id)).sent >= afterPause + 2);
    await node.json(`/api/campaigns/${campaign.id}/cancel`, { method: 'POST' });
    await pause(1000);
    const afterCancel = await stats(campaign.id);
    await pause(1500);
    const later = await stats(campaign.id);
    expect(later.status).toBe('cancelled');
    expect(later.sent).toBe(afterCancel.sent);
    const resumeCancelled = await node.api(`/api/campaigns/${campaign.id}/resume`, {
      method: 'POST',
    });
    expect(resumeCancelled.status).toBe(409);
    // Nobody got two messages of this campaign across pause, resume and cancel.
    const recipients = await node.stack.campaigns.services.models.CampaignRecipient.find({
      campaignId: campaign.id,
      state: 'handed',
    }).lean();
    expect(recipients).toHaveLength(later.sent);
    const messages = (await node.outbox()).filter((message) =>
      recipients.some((recipient) => message.body.includes(`/l/${recipient.code}`)),
    );
    expect(messages).toHaveLength(later.sent);
  });

  it('turns a click on the personal link into a timeline entry and a redirect to the offer', async () => {
    const campaign = await create({
      name: 'Stacy summer',
      offeringId: catalogSeedIds.summerDataDouble,
      audience: { _id: seededCustomerIds.stacy },
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    await finished(campaign.id);
    const sms = (await node.outbox()).find(
      (message) => message.to === stacyMobile && message.body.includes('Summer'),
    );
    const link = /(https?:\/\/\S+\/l\/\w{10})/.exec(sms!.body)![1]!;
    const click = await fetch(link, { redirect: 'manual' });
    expect(click.status).toBe(302);
    const location = click.headers.get('location')!;
    expect(location).toMatch(
      new RegExp(`^/offers/${catalogSeedIds.summerDataDouble}\\?c=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`),
    );
    const token = decodeURIComponent(location.split('?c=')[1]!);
    const visitor = await node.stack.customers.services.identities.resolve('webchat', 'visitor-1');
    const linked = await node.stack.customers.services.identities.linkWithCampaignToken(
      (visitor as { visitorId: string }).visitorId,
      token,
    );
    expect(linked).toMatchObject({ customerId: seededCustomerIds.stacy });

    const timeline = await node.stack.customers.services.interactions.timeline(
      { customerId: seededCustomerIds.stacy },
      { kind: 'link-click' },
    );
    expect(timeline.items[0]).toMatchObject({
      kind: 'link-click',
      ref: { type: 'campaign', id: campaign.id },
    });
    expect((await stats(campaign.id)).clicked).toBe(1);
    expect((await fetch(`${node.runtime.url}/l/zzzzzzzzzz`)).status).toBe(404);
  });

  it('counts an order whose cart carries the campaign as a conversion, once, with its revenue', async () => {
    const campaign = await create({ name: 'Boost attribution', audience: { _id: 'nobody' } });
    const carts = node.stack.commerce.services.carts;
    const { cart } = await carts.cartFor({ customerId: seededCustomerIds.stacy }, 'selfcare');
    await carts.attributeCampaign(cart._id, campaign.id, { channel: 'selfcare' });
    await carts.addItem(
      cart._id,
      {
        offeringId: catalogSeedIds.dataBoost,
        action: 'add',
        quantity: 1,
        characteristics: { dataSize: 5 },
      },
      { channel: 'selfcare' },
    );
    const stacy = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      {
        kind: 'customer',
        id: seededCustomerIds.stacy,
        roles: ['customer'],
        customerId: seededCustomerIds.stacy,
      },
      600,
    );
    const ordered = await node.api('/tmf-api/productOrderingManagement/v4/productOrder', {
      method: 'POST',
      token: stacy,
      headers: { 'idempotency-key': 'stacy-boost-attribution' },
      body: JSON.stringify({ shoppingCart: { id: cart._id } }),
    });
    expect(ordered.status).toBe(201);
    const converted = await eventually(async () => {
      const current = await stats(campaign.id);
      return current.converted === 1 ? current : undefined;
    });
    expect(converted.revenue).toMatchObject({ currency: 'GBP' });
    expect(converted.revenue!.oneTime + converted.revenue!.recurring).toBeGreaterThan(0);
    // Activation runs on; it settles before the node stops, so nothing is left in flight.
    const { id: orderId } = (await ordered.json()) as { id: string };
    await eventually(async () => {
      const order = await node.stack.commerce.services.orders.getOrder(orderId);
      return ['completed', 'failed'].includes(order.state);
    });
  });
});
