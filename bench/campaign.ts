/**
 * Campaign dispatch and pacing.
 *
 * 1. Dispatch: a campaign to `--recipients` generated customers (default 1,000,000): the time for
 *    the dispatch job to walk the audience and enqueue its chunk jobs, beside a BullMQ `addBulk` of
 *    the same number of empty jobs in the same run; Redis `used_memory_peak` after each.
 * 2. Pacing at `--rate` (default 50) messages per second to `--paced` recipients (default 1,500),
 *    sent by two worker processes: the busiest one-second window, the average against the rate, and
 *    duplicates; then again with one worker killed (SIGKILL) mid-campaign.
 *
 * `npm run bench -- campaign [--recipients 1000000] [--paced 1500] [--rate 50]`
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { newCustomerDocument } from '../src/domain/customers/customer-service';
import type { CustomerDocument } from '../src/domain/customers/models';
import { registerSmsMessageModel } from '../src/domain/messaging';
import { CAMPAIGN_DISPATCH_QUEUE } from '../src/connectors/campaigns/campaign-queues';
import { loadConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { startEmbeddedMongoProcess } from '../src/infra/mongo/embedded-process';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import { startRuntime } from '../src/runtime';
import { seedCatalog } from '../src/seed/catalog';
import { createCampaignStack } from '../test/integration/campaigns/campaign-stack';
import type { Row } from './lib';
import { printTable } from './lib';

function option(args: string[], name: string, fallback: number, zero = false): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
    throw new Error(`--${name} must be positive`);
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function usedMemoryPeak(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory_peak:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Customers made from one template document, with their own id, number and identity keys. */
function customerBatch(prefix: string, from: number, count: number, template: CustomerDocument) {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    const id = `${prefix}-${String(index).padStart(8, '0')}`;
    const mobile = `+4474${prefix === 'bulk' ? '0' : prefix === 'paced' ? '1' : '2'}${String(index).padStart(7, '0')}`;
    return {
      ...template,
      _id: id,
      // The audience of each bench campaign is its region.
      region: `bench-${prefix}`,
      mobile,
      identityKeys: [`customer:${id}`, `sms:${mobile}`, `voice:${mobile}`],
      identities: [
        { channel: 'sms', handle: mobile, addedAt: template.createdAt },
        { channel: 'voice', handle: mobile, addedAt: template.createdAt },
      ],
    };
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await sleep(100);
  }
}

interface Worker {
  kill(signal: NodeJS.Signals): Promise<void>;
}

async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '../test/integration/campaigns/campaign-worker.ts')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"worker ready"')) resolve();
    });
    void exited.then(() => reject(new Error('worker exited')));
  });
  return {
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function run(args: string[]): Promise<void> {
  const recipients = option(args, 'recipients', 1_000_000);
  const paced = option(args, 'paced', 1500, true);
  const rate = option(args, 'rate', 50);
  const redisServer = await startThrowawayRedis();
  // The database runs in a process of its own, as `npm start` runs it (and as mongod would be): its
  // documents and its work are not in the heap and event loop of the process that dispatches. It
  // holds every customer in memory, a few KiB each, so it gets the heap a million of them need.
  const nodeOptions = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = [
    nodeOptions,
    `--max-old-space-size=${Math.max(4096, Math.ceil(recipients / 1e6) * 8192)}`,
  ]
    .filter(Boolean)
    .join(' ');
  const mongo = await startEmbeddedMongoProcess().finally(() => {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  });
  const redis = new Redis(redisServer.url);
  const prefix = 'bench-campaign';
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'warn',
    MONGODB_URI: `${mongo.uri.replace(/\/?(\?|$)/, '/bench$1')}`,
    REDIS_URL: redisServer.url,
    REDIS_KEY_PREFIX: prefix,
    SEED_DEMO_DATA: 'never',
    API_KEYS: 'bench:campaign-manager:bench-secret-0123456789',
  });
  const stack = createCampaignStack({
    twilio: { outbound: { ratePerSecond: 1000, backoffMs: 100 } },
  });
  const runtime = await startRuntime({
    config,
    logger: createLogger('warn'),
    role: 'app',
    runWorkers: false,
    configure: stack.configure,
    configureApp: stack.configureApp,
  });
  const workers: Worker[] = [];
  try {
    await seedCatalog(stack.catalog.services.catalog);
    const template = newCustomerDocument(
      {
        id: 'cust-template',
        name: { given: 'Amelia', family: 'Bench' },
        status: 'active',
        segment: 'consumer',
        language: 'en-GB',
        timezone: 'Europe/London',
        region: 'GB',
        mobile: '+447700900999',
        subscriptions: [],
        identities: [],
        smsMarketing: { status: 'opted-in', source: 'import', at: '2024-01-01T00:00:00Z' },
      },
      new Date(),
    );
    const { Customer } = stack.customers.services.models;
    const insertStarted = performance.now();
    for (let from = 0; from < recipients; from += 10_000) {
      await Customer.collection.insertMany(
        customerBatch('bulk', from, Math.min(10_000, recipients - from), template) as never[],
      );
    }
    console.log(
      `inserted ${recipients.toLocaleString('en-US')} customers in ${((performance.now() - insertStarted) / 1000).toFixed(1)} s`,
    );

    // 1. Dispatch: only the dispatch worker runs here, so the chunk jobs stay queued.
    const campaigns = stack.campaigns.services.campaigns;
    const bulk = await campaigns.create(
      {
        name: 'Bench bulk',
        offeringId: 'po-data-boost',
        template: 'Hi {firstName}, {offerName}: {link}',
        audience: { region: 'bench-bulk' },
      },
      'bench',
    );
    const peakBefore = await usedMemoryPeak(redis);
    await runtime.queues.startWorkers([CAMPAIGN_DISPATCH_QUEUE]);
    const dispatchStarted = performance.now();
    await campaigns.schedule(bulk.id);
    await waitFor(async () => {
      const current = await stack.campaigns.services.models.Campaign.findById(bulk.id).lean();
      return current?.dispatchFinishedAt ? current : undefined;
    }, 3_600_000);
    const dispatchSeconds = (performance.now() - dispatchStarted) / 1000;
    const dispatchPeak = await usedMemoryPeak(redis);
    await campaigns.cancel(bulk.id);

    const empty = new Queue('bench-empty', { connection: redis, prefix });
    const bulkStarted = performance.now();
    for (let from = 0; from < recipients; from += 1000) {
      await empty.addBulk(
        Array.from({ length: Math.min(1000, recipients - from) }, () => ({ name: 'e', data: {} })),
      );
    }
    const addBulkSeconds = (performance.now() - bulkStarted) / 1000;
    const addBulkPeak = await usedMemoryPeak(redis);
    await empty.obliterate({ force: true });
    await empty.close();

    printTable(`Campaign dispatch to ${recipients.toLocaleString('en-US')} recipients`, [
      {
        figure: 'dispatch (walk + chunk jobs)',
        value: dispatchSeconds,
        unit: 's',
        baselineName: 'addBulk empty jobs',
        baseline: addBulkSeconds,
        target: '<= 180 s',
      },
      {
        figure: 'dispatch per recipient',
        value: (dispatchSeconds * 1e6) / recipients,
        unit: 'µs',
        baselineName: 'addBulk per job',
        baseline: (addBulkSeconds * 1e6) / recipients,
        target: 'flat in the audience size',
      },
      {
        figure: 'Redis used_memory_peak',
        value: dispatchPeak / 2 ** 20,
        unit: 'MiB',
        baselineName: 'after addBulk',
        baseline: addBulkPeak / 2 ** 20,
      },
    ] satisfies Row[]);
    console.log(`Redis peak before dispatch: ${(peakBefore / 2 ** 20).toFixed(1)} MiB`);

    // 2. Pacing, sent by worker processes (`--paced 0` leaves it out). The bulk audience goes
    // first: the database holds it in memory, and its size is not what this part measures.
    if (paced === 0) return;
    await Customer.collection.deleteMany({ region: 'bench-bulk' });
    await stack.campaigns.services.models.CampaignChunk.collection.deleteMany({
      campaignId: bulk.id,
    });
    const workerEnv = {
      MONGODB_URI: config.MONGODB_URI!,
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: prefix,
      PUBLIC_BASE_URL: runtime.url!,
      TWILIO_API_BASE_URL: `${runtime.url}/dev/twilio`,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      SEED_DEMO_DATA: 'never',
      CLOCK_OFFSET_MS: String(Date.parse('2025-06-10T11:00:00Z') - Date.now()),
      // Chunks small enough that both workers send throughout, not one chunk each.
      CHUNK_SIZE: String(Math.max(50, Math.ceil(paced / 6))),
      CHUNK_CONCURRENCY: '2',
    };
    for (const group of ['paced', 'crash'] as const) {
      await Customer.collection.insertMany(customerBatch(group, 0, paced, template) as never[]);
    }
    workers.push(await startWorker(workerEnv), await startWorker(workerEnv));
    const sms = registerSmsMessageModel(runtime.mongo.connection);
    const rows: Row[] = [];
    for (const group of ['paced', 'crash'] as const) {
      const campaign = await campaigns.create(
        {
          name: `Bench ${group}`,
          offeringId: 'po-data-boost',
          template: 'Hi {firstName}, {offerName}: {link}',
          audience: { region: `bench-${group}` },
          ratePerSecond: rate,
        },
        'bench',
      );
      await campaigns.schedule(campaign.id);
      if (group === 'crash') {
        await waitFor(
          async () =>
            (await campaigns.get(campaign.id)).counters.sent > paced / 3 ? true : undefined,
          600_000,
        );
        await workers.shift()!.kill('SIGKILL');
        workers.push(await startWorker(workerEnv));
      }
      await waitFor(
        async () => ((await campaigns.get(campaign.id)).status === 'completed' ? true : undefined),
        1_800_000,
      );
      const handed = await stack.campaigns.services.models.CampaignRecipient.find(
        { campaignId: campaign.id, state: 'handed' },
        { messageId: 1, code: 1 },
      ).lean();
      const messages = await sms
        .find(
          { purpose: 'marketing', to: { $regex: `^\\+4474${group === 'paced' ? '1' : '2'}` } },
          { to: 1, createdAt: 1 },
        )
        .lean();
      const perNumber = new Map<string, number>();
      for (const message of messages)
        perNumber.set(message.to, (perNumber.get(message.to) ?? 0) + 1);
      const duplicates = [...perNumber.values()].reduce((sum, count) => sum + count - 1, 0);
      const times = messages.map((message) => message.createdAt.getTime()).sort((a, b) => a - b);
      let busiest = 0;
      for (let start = 0, end = 0; end < times.length; end++) {
        while (times[end]! - times[start]! >= 1000) start++;
        busiest = Math.max(busiest, end - start + 1);
      }
      const seconds = (times.at(-1)! - times[0]!) / 1000;
      const average = (times.length - 1) / seconds;
      const label = group === 'crash' ? ' (worker killed)' : '';
      console.log(
        `${group}: ${handed.length} handed, ${messages.length} stored, duplicates ${duplicates}, busiest 1 s window ${busiest} (limit ${rate}), average ${average.toFixed(1)}/s = ${((average / rate) * 100).toFixed(1)}% of the rate`,
      );
      rows.push(
        {
          figure: `busiest 1 s window${label}`,
          value: busiest,
          unit: 'msgs',
          baselineName: 'rate',
          baseline: rate,
          target: `<= ${rate}`,
        },
        {
          figure: `average rate${label}`,
          value: average,
          unit: 'msg/s',
          baselineName: 'rate',
          baseline: rate,
          target: '>= 95%',
        },
        {
          figure: `duplicates${label}`,
          value: duplicates,
          unit: 'msgs',
          baselineName: 'recipients',
          baseline: handed.length,
          target: '0',
        },
      );
    }
    printTable(`Pacing at ${rate} msg/s, two worker processes`, rows);
  } finally {
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await runtime.close();
    await redis.quit();
    await mongo.close();
    await redisServer.stop();
  }
}
