import type { Job, Queue } from 'bullmq';
import type {
  CampaignDispatcher,
  DispatchOutcome,
} from '../../domain/campaigns/campaign-dispatcher';
import type { ChunkOutcome, ChunkProcessor } from '../../domain/campaigns/chunk-processor';
import type { CampaignScheduler, ChunkEnqueuer } from '../../domain/campaigns/ports';
import type { Clock } from '../../domain/shared/clock';
import type { QueueRegistry } from '../../infra/queues/queue-registry';

export const CAMPAIGN_DISPATCH_QUEUE = 'campaign-dispatch';
export const CAMPAIGN_CHUNK_QUEUE = 'campaign-chunk';

export interface DispatchJob {
  campaignId: string;
  run: number;
}

export interface ChunkJob {
  chunkId: string;
  run: number;
}

export interface CampaignQueueOptions {
  /** Chunk jobs one worker process runs at once (each sends sequentially under the shared rate). */
  chunkConcurrency?: number;
  /** BullMQ lock: a worker killed mid-chunk is noticed after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Job ids may not contain `:`; chunk ids do (campaign:customer). */
function jobKey(value: string): string {
  return Buffer.from(value).toString('base64url');
}

export interface CampaignQueues {
  dispatch: Queue<DispatchJob, DispatchOutcome>;
  chunks: Queue<ChunkJob, ChunkOutcome>;
  scheduler: CampaignScheduler;
  enqueuer: ChunkEnqueuer;
}

/**
 * The two campaign queues. A dispatch job per run walks the audience and adds chunk jobs; a chunk
 * job that has deferred recipients adds itself again, delayed to the earliest of them.
 */
export function defineCampaignQueues(
  queues: QueueRegistry,
  processors: { dispatcher: () => CampaignDispatcher; chunks: () => ChunkProcessor },
  clock: Clock,
  options: CampaignQueueOptions = {},
): CampaignQueues {
  const workerLock = {
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  };
  const delayUntil = (at: Date | undefined) =>
    at ? Math.max(0, at.getTime() - clock.now().getTime()) : 0;

  const chunks: Queue<ChunkJob, ChunkOutcome> = queues.define<ChunkJob, ChunkOutcome>({
    name: CAMPAIGN_CHUNK_QUEUE,
    process: async (job: Job<ChunkJob, ChunkOutcome>) => {
      const outcome = await processors
        .chunks()
        .process(job.data.chunkId, job.data.run, `${job.id}#${job.attemptsStarted}`);
      if (outcome.outcome === 'waiting') {
        await chunks.add('chunk', job.data, {
          jobId: `${jobKey(job.data.chunkId)}.${job.data.run}.w${outcome.wakeAt.getTime()}`,
          delay: delayUntil(outcome.wakeAt),
        });
      }
      return outcome;
    },
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 2000 },
    },
    worker: { concurrency: options.chunkConcurrency ?? 4, ...workerLock },
  });

  const dispatch = queues.define<DispatchJob, DispatchOutcome>({
    name: CAMPAIGN_DISPATCH_QUEUE,
    process: (job) => processors.dispatcher().dispatch(job.data.campaignId, job.data.run),
    defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
    worker: { concurrency: 2, ...workerLock },
  });

  const enqueuer: ChunkEnqueuer = {
    async enqueueChunks(list) {
      if (list.length === 0) return;
      await chunks.addBulk(
        list.map((chunk) => ({
          name: 'chunk',
          data: { chunkId: chunk.chunkId, run: chunk.run },
          opts: { jobId: `${jobKey(chunk.chunkId)}.${chunk.run}`, delay: delayUntil(chunk.at) },
        })),
      );
    },
  };

  const scheduler: CampaignScheduler = {
    async startRun(campaignId, run, at) {
      await dispatch.add(
        'dispatch',
        { campaignId, run },
        { jobId: `${campaignId}.${run}`, delay: delayUntil(at) },
      );
    },
  };

  return { dispatch, chunks, scheduler, enqueuer };
}
