/**
 * A worker process for the takeover test: one queue whose job notes which process started it,
 * then holds for as long as the job says, with the lock timings the configuration gives.
 */
import { loadConfig } from '../../../src/infra/config';
import { createLogger } from '../../../src/infra/logger';
import { QueueRegistry } from '../../../src/infra/queues/queue-registry';
import { workerTiming } from '../../../src/infra/queues/worker-timing';
import { closeRedis, createRedis } from '../../../src/infra/redis/connection';

export const TAKEOVER_QUEUE = 'takeover-test';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'takeover-worker');
  const connection = createRedis(config.REDIS_URL!, 'takeover-queues');
  const notes = createRedis(config.REDIS_URL!, 'takeover-notes');
  const queues = new QueueRegistry(
    connection,
    logger,
    config.REDIS_KEY_PREFIX,
    workerTiming(config),
  );
  queues.define<{ holdMs: number }, void>({
    name: TAKEOVER_QUEUE,
    process: async (job) => {
      await notes.rpush(`${config.REDIS_KEY_PREFIX}:takeover-starts`, `${process.pid}`);
      await new Promise((resolve) => setTimeout(resolve, job.data.holdMs));
    },
    defaultJobOptions: { attempts: 1 },
    worker: { concurrency: 1 },
  });
  await queues.startWorkers();
  console.log(JSON.stringify({ msg: 'worker ready', pid: process.pid }));
  process.once('SIGTERM', () => {
    void queues
      .close()
      .then(() => Promise.all([closeRedis(connection), closeRedis(notes)]))
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
