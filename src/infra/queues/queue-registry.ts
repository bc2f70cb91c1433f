import { Queue, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { queueKeyPrefix } from '../redis/connection';
import type { ConnectionOptions, Job, JobsOptions, QueueOptions, WorkerOptions } from 'bullmq';
import type { Logger } from '../logger';
import { PeriodicTasks } from './periodic-tasks';
import type { PeriodicTask } from './periodic-tasks';
import { workerLockOptions } from './worker-timing';
import type { WorkerTiming } from './worker-timing';

export interface QueueDefinition<Data, Result> {
  name: string;
  /** `token` is the worker's lock token, for moving the job (to delayed) from inside the run. */
  process: (job: Job<Data, Result>, token: string | undefined) => Promise<Result>;
  /** Defaults for every job added to this queue (attempts, backoff, retention). */
  defaultJobOptions?: JobsOptions;
  /** Per-queue overrides; the lock and stall timings default to the registry's. */
  worker?: Pick<
    WorkerOptions,
    'concurrency' | 'limiter' | 'lockDuration' | 'lockRenewTime' | 'stalledInterval'
  >;
}

/** How a job run ended, for whoever counts them (metrics). */
export interface JobOutcome {
  queue: string;
  outcome: 'completed' | 'failed' | 'stalled';
  /** From the run's start to its end; absent for a stall, which nobody saw end. */
  durationSeconds?: number;
}

export type JobOutcomeListener = (outcome: JobOutcome) => void;

const sensibleJobDefaults: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Keep finished jobs briefly for inspection, bounded so Redis memory stays flat.
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 24 * 3600 },
};

/**
 * Every BullMQ queue is declared here once. App nodes only enqueue; worker processes (or the app
 * in development) start the workers, and with them the periodic maintenance tasks. Closing waits
 * for active jobs, so SIGTERM loses nothing.
 */
export class QueueRegistry {
  // Definitions differ in their job types; the registry only needs them by name.
  private readonly definitions = new Map<string, QueueDefinition<unknown, unknown>>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly tasks: PeriodicTasks;
  private readonly outcomeListeners: JobOutcomeListener[] = [];

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly logger: Logger,
    private readonly prefix: string,
    private readonly timing?: WorkerTiming,
  ) {
    this.tasks = new PeriodicTasks(logger);
    this.cluster = connection instanceof Cluster;
  }

  /** Whether the connection is a Redis Cluster: then each queue's keys carry a hash tag. */
  private readonly cluster: boolean;

  /** The BullMQ prefix of one queue (see `queueKeyPrefix`). */
  prefixOf(name: string): string {
    return queueKeyPrefix(this.prefix, name, this.cluster);
  }

  define<Data, Result>(definition: QueueDefinition<Data, Result>): Queue<Data, Result> {
    if (this.definitions.has(definition.name)) {
      throw new Error(`queue ${definition.name} is already defined`);
    }
    this.definitions.set(definition.name, definition as QueueDefinition<unknown, unknown>);
    return this.queue<Data, Result>(definition.name);
  }

  queue<Data = unknown, Result = unknown>(name: string): Queue<Data, Result> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`queue ${name} is not defined`);
    let queue = this.queues.get(name);
    if (!queue) {
      const options: QueueOptions = {
        connection: this.connection,
        prefix: this.prefixOf(name),
        defaultJobOptions: { ...sensibleJobDefaults, ...definition.defaultJobOptions },
      };
      queue = new Queue(name, options);
      // Without a listener a lost Redis connection would print to stderr for every retry.
      queue.on('error', (error) => this.logger.warn({ queue: name, err: error }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue as unknown as Queue<Data, Result>;
  }

  /** Every defined queue's name, in definition order. */
  get names(): string[] {
    return [...this.definitions.keys()];
  }

  /**
   * A task run every `intervalMs` in the processes that run workers (never two runs of it at once
   * in one process); for sweeps that repair what a lost Redis forgot.
   */
  every(task: PeriodicTask): void {
    this.tasks.add(task);
  }

  /** Hears how every job run in this process ends. */
  onJobOutcome(listener: JobOutcomeListener): void {
    this.outcomeListeners.push(listener);
  }

  /** Starts one worker per defined queue (or only `names`), and the periodic tasks. */
  async startWorkers(names?: string[]): Promise<void> {
    for (const definition of this.definitions.values()) {
      if (names && !names.includes(definition.name)) continue;
      const worker = new Worker(definition.name, (job, token) => definition.process(job, token), {
        connection: this.connection,
        prefix: this.prefixOf(definition.name),
        concurrency: 4,
        ...(this.timing ? workerLockOptions(this.timing) : {}),
        ...definition.worker,
      });
      this.observe(worker, definition.name);
      await worker.waitUntilReady();
      this.workers.push(worker);
    }
    this.tasks.start();
  }

  get workerCount(): number {
    return this.workers.length;
  }

  /** Tasks and workers first (workers finish active jobs), then the queues' connections. */
  async close(): Promise<void> {
    await this.tasks.stop();
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers.length = 0;
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }

  private observe(worker: Worker, queue: string): void {
    const emit = (outcome: JobOutcome) => {
      for (const listener of this.outcomeListeners) listener(outcome);
    };
    const duration = (job: Job | undefined) =>
      job?.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined;
    worker.on('completed', (job) => {
      const seconds = duration(job);
      emit({
        queue,
        outcome: 'completed',
        ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
      });
    });
    worker.on('failed', (job, error) => {
      const seconds = duration(job);
      emit({
        queue,
        outcome: 'failed',
        ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
      });
      this.logger.warn(
        { queue, jobId: job?.id, attempt: job?.attemptsMade, err: error },
        'job attempt failed',
      );
    });
    worker.on('stalled', (jobId) => {
      emit({ queue, outcome: 'stalled' });
      this.logger.warn(
        { queue, jobId },
        'stalled job taken back (its worker stopped renewing the lock)',
      );
    });
    worker.on('error', (error) => this.logger.error({ queue, err: error }, 'worker error'));
  }
}
