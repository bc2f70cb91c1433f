import type { Job, Queue } from 'bullmq';
import type {
  CampaignDispatcher,
  DispatchOutcome,
} from '../../domain/campaigns/campaign-dispatcher';
import type { ChunkOutcome, ChunkProcessor } from '../../domain/campaigns/chunk-processor';
import type { CampaignScheduler, ChunkEnqueuer } from '../../domain/campaigns/ports';
import type { Clock } from '../../domain/shared/clock';
import type { QueueRegistry } from '../../infra/queues/queue-registry';
import type { LuaRedis } from './redis-rate-gate';

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

/** What the repair after a lost Redis needs beyond the queues. */
export interface CampaignRepairSources {
  /** Runs whose jobs a lost Redis forgot: running ones, and scheduled ones with their start. */
  runsInProgress(): Promise<Array<DispatchJob & { startAt?: Date }>>;
  /** Puts stored marketing messages not yet handed to Twilio back on the SMS queue; how many. */
  requeueStrandedMessages(): Promise<number>;
  /** The client the sentinel key lives on (the queues' own Redis). */
  redis(): Promise<LuaRedis>;
  prefix: string;
}

export interface CampaignQueueOptions {
  /** Chunk jobs one worker process runs at once (each sends sequentially under the shared rate). */
  chunkConcurrency?: number;
  /** BullMQ lock: a worker killed mid-chunk is noticed after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How often each worker process checks whether Redis lost its data (default 2 s). */
  repairIntervalMs?: number;
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
  repair?: CampaignRepairSources,
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

  if (repair) {
    queues.every({
      name: 'campaign-redis-loss-repair',
      intervalMs: options.repairIntervalMs ?? 2000,
      run: async () => {
        await repairAfterRedisLoss(repair, dispatch, scheduler);
      },
    });
  }

  return { dispatch, chunks, scheduler, enqueuer };
}

const SENTINEL_COMMAND = 'campaignRedisSentinel';

/**
 * A Redis restarted without its data forgets every queued, delayed and active job: the dispatch
 * and chunk jobs of running campaigns, and the SMS jobs of messages stored but not yet handed to
 * Twilio. A sentinel key tells: set once, it vanishes only with the data. The process that finds
 * it missing (and sets it again) starts each running campaign's dispatch once more, under an id of
 * its own, which re-enqueues its unfinished chunks and continues an unfinished walk, and puts the
 * stranded messages back on the SMS queue (their job id is the message id: once each). All of it
 * is idempotent, so the first start of all (no sentinel yet) repairs nothing harmfully.
 */
export async function repairAfterRedisLoss(
  repair: CampaignRepairSources,
  dispatch: Queue<DispatchJob, DispatchOutcome>,
  scheduler: CampaignScheduler,
): Promise<boolean> {
  const redis = await repair.redis();
  const epoch = `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  if (!sentinelDefined.has(redis)) {
    redis.defineCommand(SENTINEL_COMMAND, {
      numberOfKeys: 1,
      lua: "if redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 1 else return 0 end",
    });
    sentinelDefined.add(redis);
  }
  const created = Number(
    await redis.runCommand(SENTINEL_COMMAND, [`${repair.prefix}:campaigns:redis-epoch`, epoch]),
  );
  if (created !== 1) return false;
  for (const { campaignId, run, startAt } of await repair.runsInProgress()) {
    if (startAt) await scheduler.startRun(campaignId, run, startAt);
    else {
      await dispatch.add(
        'dispatch',
        { campaignId, run },
        { jobId: `${campaignId}.${run}.r${epoch}` },
      );
    }
  }
  await repair.requeueStrandedMessages();
  return true;
}

const sentinelDefined = new WeakSet<LuaRedis>();
