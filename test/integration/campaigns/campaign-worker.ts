/**
 * A campaign worker process for the crash test: the campaign stack in the worker role, with the
 * clock offset and short BullMQ locks it is given in its environment.
 */
import { loadConfig } from '../../../src/infra/config';
import { createLogger } from '../../../src/infra/logger';
import { startRuntime } from '../../../src/runtime';
import { createCampaignStack } from './campaign-stack';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'campaign-test-worker');
  const offset = Number(process.env.CLOCK_OFFSET_MS ?? '0');
  const stack = createCampaignStack({
    clock: { now: () => new Date(Date.now() + offset) },
    campaigns: {
      lockDurationMs: Number(process.env.CHUNK_LOCK_MS ?? '3000'),
      stalledIntervalMs: Number(process.env.CHUNK_STALLED_MS ?? '1000'),
      claimLeaseMs: Number(process.env.CLAIM_LEASE_MS ?? '2000'),
      repairIntervalMs: Number(process.env.CAMPAIGN_REPAIR_MS ?? '500'),
      ...(process.env.CHUNK_SIZE ? { chunkSize: Number(process.env.CHUNK_SIZE) } : {}),
      ...(process.env.CHUNK_CONCURRENCY
        ? { chunkConcurrency: Number(process.env.CHUNK_CONCURRENCY) }
        : {}),
    },
  });
  const runtime = await startRuntime({
    config,
    logger,
    role: 'worker',
    configure: stack.configure,
  });
  // Which process ran which jobs, for tests that need both workers to have taken part.
  runtime.queues.onJobOutcome((outcome) => logger.info(outcome, 'job outcome'));
  logger.info({ workers: runtime.queues.workerCount }, 'worker ready');
  const stop = () => {
    void runtime.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
