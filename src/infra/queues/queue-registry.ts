import { Queue, Worker } from 'bullmq';
import type { ConnectionOptions, Job, JobsOptions, QueueOptions, WorkerOptions } from 'bullmq';
import type { Logger } from '../logger';

export interface QueueDefinition<Data, Result> {
  name: string;
  process: (job: Job<Data, Result>) => Promise<Result>;
  /** Defaults for every job added to this queue (attempts, backoff, retention). */
  defaultJobOptions?: JobsOptions;
  worker?: Pick<WorkerOptions, 'concurrency' | 'limiter' | 'lockDuration' | 'stalledInterval'>;
}

const sensibleJobDefaults: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Keep finished jobs briefly for inspection, bounded so Redis memory stays flat.
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 24 * 3600 },
};

/**
 * Every BullMQ queue is declared here once. App nodes only enqueue; worker processes (or the app
 * in development) start the workers. Closing waits for active jobs, so SIGTERM loses nothing.
 */
export class QueueRegistry {
  // Definitions differ in their job types; the registry only needs them by name.
  private readonly definitions = new Map<string, QueueDefinition<unknown, unknown>>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly logger: Logger,
    private readonly prefix: string,
  ) {}

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
        prefix: this.prefix,
        defaultJobOptions: { ...sensibleJobDefaults, ...definition.defaultJobOptions },
      };
      queue = new Queue(name, options);
      this.queues.set(name, queue);
    }
    return queue as unknown as Queue<Data, Result>;
  }

  /** Starts one worker per defined queue (or only `names`). */
  async startWorkers(names?: string[]): Promise<void> {
    for (const definition of this.definitions.values()) {
      if (names && !names.includes(definition.name)) continue;
      const worker = new Worker(definition.name, (job) => definition.process(job), {
        connection: this.connection,
        prefix: this.prefix,
        concurrency: 4,
        ...definition.worker,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { queue: definition.name, jobId: job?.id, attempt: job?.attemptsMade, err: error },
          'job attempt failed',
        ),
      );
      worker.on('error', (error) =>
        this.logger.error({ queue: definition.name, err: error }, 'worker error'),
      );
      await worker.waitUntilReady();
      this.workers.push(worker);
    }
  }

  get workerCount(): number {
    return this.workers.length;
  }

  /** Workers first (they finish active jobs), then the queues' connections. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers.length = 0;
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
