import { DelayedError } from 'bullmq';
import type { Queue } from 'bullmq';
import type { QueueRegistry } from '../../infra/queues/queue-registry';
import { INBOUND_SMS_QUEUE } from './inbound-sms-processor';
import type { InboundSmsJob, InboundSmsProcessor } from './inbound-sms-processor';
import { OUTBOUND_SMS_QUEUE } from './outbound-sms-processor';
import type { OutboundSmsJob, OutboundSmsProcessor } from './outbound-sms-processor';

export interface OutboundQueueOptions {
  /** Twilio's per-sender throughput: a long code sends about 1 message per second, a short code 100. */
  ratePerSecond: number;
  attempts: number;
  /** First retry delay; each later one doubles. */
  backoffMs: number;
}

export function defineInboundSmsQueue(
  queues: QueueRegistry,
  processor: () => InboundSmsProcessor,
): Queue<InboundSmsJob> {
  return queues.define<InboundSmsJob, void>({
    name: INBOUND_SMS_QUEUE,
    process: async (job, token) => {
      // The job's creation time tells this job apart from a re-created one under the same id,
      // while a retry of this job (after a crash or a stall) is the same holder and goes on.
      const run = await processor().process(job.data, `${job.id}@${job.timestamp}`);
      if (run.outcome === 'retry-at') {
        await job.moveToDelayed(run.at.getTime() + 100, token);
        throw new DelayedError();
      }
    },
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    worker: { concurrency: 8 },
  });
}

export function defineOutboundSmsQueue(
  queues: QueueRegistry,
  processor: () => OutboundSmsProcessor,
  options: OutboundQueueOptions,
): Queue<OutboundSmsJob> {
  return queues.define<OutboundSmsJob, void>({
    name: OUTBOUND_SMS_QUEUE,
    process: (job) =>
      processor().process(job.data.messageId, {
        isLastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
    },
    // BullMQ's limiter is global to the queue across every worker process: one sender, one budget.
    worker: { concurrency: 4, limiter: { max: options.ratePerSecond, duration: 1000 } },
  });
}
