import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeRedis, createRedis } from '../../../src/infra/redis/connection';
import { DEFAULT_WORKER_TIMING } from '../../../src/infra/queues/worker-timing';

const TAKEOVER_QUEUE = 'takeover-test';
const prefix = `test-takeover-${process.pid}`;

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts takeover-worker.ts with the configuration's default lock timings. */
async function startWorker(): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'takeover-worker.ts')],
    {
      cwd: path.resolve(__dirname, '../../..'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        REDIS_URL: process.env.REDIS_URL ?? '',
        REDIS_KEY_PREFIX: prefix,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker not ready within 30 s')), 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error('worker exited before it was ready')));
  });
  return { child, exited };
}

async function waitForStarts(redis: Redis, count: number, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const starts = await redis.lrange(`${prefix}:takeover-starts`, 0, -1);
    if (starts.length >= count) return starts;
    if (Date.now() > deadline) throw new Error(`only ${starts.length} of ${count} starts`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A worker process is killed with SIGKILL in the middle of a job: another worker process must
 * take the job over on its own. How long that took is printed (the bound is the lock duration plus
 * the stalled-check interval), not asserted.
 */
describe('queues: a job whose worker was killed is taken over', () => {
  let redis: Redis;
  let queue: Queue;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = createRedis(process.env.REDIS_URL!, 'takeover-test');
    queue = new Queue(TAKEOVER_QUEUE, { connection: redis, prefix });
    // Both start before the kill, so their boot time is not counted as recovery.
    workers.push(await startWorker(), await startWorker());
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        // The survivor holds the job for a minute; a graceful stop would wait for it.
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
    await queue?.obliterate({ force: true });
    await queue?.close();
    await closeRedis(redis);
  }, 60_000);

  it('runs the job again in the surviving worker within seconds', async () => {
    await queue.add('hold', { holdMs: 60_000 }, { jobId: 'held-job', attempts: 1 });
    const [firstPid] = await waitForStarts(redis, 1, 20_000);
    const holder = workers.find((worker) => String(worker.child.pid) === firstPid)!;
    const survivor = workers.find((worker) => worker !== holder)!;

    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    await holder.exited;
    const starts = await waitForStarts(redis, 2, 60_000);
    const recoveredMs = Date.now() - killedAt;

    expect(starts[1]).toBe(String(survivor.child.pid));
    const bound = DEFAULT_WORKER_TIMING.lockDurationMs + DEFAULT_WORKER_TIMING.stalledIntervalMs;
    console.log(
      `worker takeover after kill -9: ${(recoveredMs / 1000).toFixed(1)} s ` +
        `(lock ${DEFAULT_WORKER_TIMING.lockDurationMs} ms + stalled check ${DEFAULT_WORKER_TIMING.stalledIntervalMs} ms = bound ${bound} ms; ` +
        'BullMQ defaults: 30 s + 30 s)',
    );
  }, 90_000);
});
