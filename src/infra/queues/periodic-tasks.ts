import type { Logger } from '../logger';

export interface PeriodicTask {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

/**
 * Runs each task every `intervalMs`, one run at a time: the next is scheduled when the last ended,
 * so a slow run never piles up behind itself. A failed run is logged and the next one tries again.
 */
export class PeriodicTasks {
  private readonly tasks: PeriodicTask[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private started = false;

  constructor(private readonly logger: Logger) {}

  add(task: PeriodicTask): void {
    if (this.tasks.some((existing) => existing.name === task.name)) {
      throw new Error(`periodic task ${task.name} is already defined`);
    }
    this.tasks.push(task);
    if (this.started) this.schedule(task);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const task of this.tasks) this.schedule(task);
  }

  /** No new runs; waits for the ones under way. */
  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }

  private schedule(task: PeriodicTask): void {
    const timer = setTimeout(() => {
      this.timers.delete(task.name);
      const run = task
        .run()
        .catch((error: unknown) =>
          this.logger.warn({ task: task.name, err: error }, 'periodic task failed'),
        )
        .finally(() => {
          this.running.delete(run);
          if (this.started) this.schedule(task);
        });
      this.running.add(run);
    }, task.intervalMs);
    // A pending run never keeps a process alive that is otherwise done.
    timer.unref();
    this.timers.set(task.name, timer);
  }
}
