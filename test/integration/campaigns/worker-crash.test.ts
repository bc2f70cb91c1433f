import { catalogSeedIds } from '../../../src/seed/catalog';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import {
  eventually,
  generatedCustomers,
  insertCustomers,
  startCampaignNode,
  startWorkerProcess,
} from './harness';
import type { CampaignNode, CampaignStatsBody, WorkerProcess } from './harness';

/**
 * Two worker processes send a campaign; one is killed with SIGKILL in the middle of it. Its chunk
 * jobs stall, the other worker takes them over, and every consenting recipient still gets exactly
 * one message.
 */
describe('campaigns: a worker killed mid-campaign', () => {
  let mongo: TestMongo;
  let node: CampaignNode;
  const workers: WorkerProcess[] = [];

  const workerEnv = () => ({
    MONGODB_URI: mongo.uri,
    REDIS_URL: process.env.REDIS_URL ?? '',
    REDIS_KEY_PREFIX: node.runtime.config.REDIS_KEY_PREFIX,
    PUBLIC_BASE_URL: node.runtime.url!,
    TWILIO_API_BASE_URL: `${node.runtime.url}/dev/twilio`,
    NODE_ENV: 'test',
    SEED_DEMO_DATA: 'never',
    // Midday in London whenever the suite runs, so quiet hours never interfere.
    CLOCK_OFFSET_MS: String(Date.parse('2025-06-10T11:00:00Z') - Date.now()),
  });

  beforeAll(async () => {
    mongo = await startTestMongo();
    // The app node only takes requests (and serves the Twilio stand-in); workers send.
    node = await startCampaignNode({ mongoUri: mongo.uri, runWorkers: false });
    await insertCustomers(node, generatedCustomers(180, { prefix: 'cust-crash', optedOut: [7] }));
    workers.push(await startWorkerProcess(workerEnv()));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await node?.runtime.close();
    await mongo?.stop();
  }, 60_000);

  it('sends every consenting recipient exactly one message', async () => {
    const campaign = await node.json<{ id: string }>('/api/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Crash-proof',
        offeringId: catalogSeedIds.dataBoost,
        template: 'Hi {firstName}, {offerName}: {link}',
        audience: { region: 'cust-crash' },
        // Slow enough (36 s in all) that the campaign is still sending when the second worker has
        // booted, even on a loaded machine where a worker process takes tens of seconds to start.
        ratePerSecond: 5,
      }),
    });
    await node.json(`/api/campaigns/${campaign.id}/schedule`, { method: 'POST', body: '{}' });
    const stats = () => node.json<CampaignStatsBody>(`/api/campaigns/${campaign.id}/stats`);
    await eventually(async () => (await stats()).sent >= 15, 30_000, 'first sends');

    // A second worker joins; the first, which holds the (only) chunk job, is killed mid-send.
    workers.push(await startWorkerProcess(workerEnv()));
    await workers[0]!.kill('SIGKILL');
    const sentAtKill = (await stats()).sent;
    expect(sentAtKill).toBeLessThan(179);

    const done = await eventually(
      async () => {
        const current = await stats();
        return current.status === 'completed' ? current : undefined;
      },
      180_000,
      'completion after the crash',
    );
    expect(done).toMatchObject({ targeted: 180, sent: 179 });
    expect(done.skipped['no-consent']).toBe(1);

    const delivered = await eventually(
      async () => {
        const messages = (await node.outbox()).filter((message) =>
          message.to.startsWith('+447700900'),
        );
        return messages.length >= 179 ? messages : undefined;
      },
      // An sms-outbound job the killed worker held waits out BullMQ's default 30 s lock first.
      90_000,
      'every message in the outbox',
    );
    const perNumber = new Map<string, number>();
    for (const message of delivered) {
      perNumber.set(message.to, (perNumber.get(message.to) ?? 0) + 1);
    }
    expect(perNumber.size).toBe(179);
    expect([...perNumber.values()].every((count) => count === 1)).toBe(true);
    expect(perNumber.has('+447700900207')).toBe(false);
  }, 330_000);
});
