import { performance } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';

export interface TurnAdmissionLimits {
  /** Bot turns this node runs at once; the others wait their turn, in arrival order. */
  maxConcurrentTurns: number;
  /** Turns allowed to wait, at most; beyond it a new message is refused at once (`BUSY`). */
  maxQueuedTurns: number;
  /**
   * The longest a message may expect to wait for its turn, at the rate this node has been
   * finishing turns: a longer queue is refused rather than stored and answered too late to matter.
   */
  maxQueueWaitMs: number;
  /**
   * Refuse new messages while the event loop was busier than this share of the last sample
   * (0–1; 1, the default, leaves it to the queue).
   */
  maxEventLoopUtilisation: number;
}

export const defaultTurnAdmissionLimits: TurnAdmissionLimits = {
  maxConcurrentTurns: 16,
  maxQueuedTurns: 400,
  maxQueueWaitMs: 1500,
  maxEventLoopUtilisation: 1,
};

/** Turns finished over this window give the node's current rate. */
const RATE_WINDOW_MS = 5000;

/** How often the event loop's business is sampled. */
const SAMPLE_MS = 250;

/**
 * Admission control for web-chat bot turns on one app node. A message is admitted (then stored,
 * acknowledged and answered, however late) only while the node can still serve it; otherwise it is
 * refused before anything is written, so the widget can send it again in a moment. Admitted turns
 * run at most `maxConcurrentTurns` at a time, first come first served.
 */
export class TurnAdmission {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Admitted but not started: counted from admission, so a burst cannot overfill the queue. */
  private reserved = 0;
  private utilisation = 0;
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly sampler: NodeJS.Timeout | undefined;
  /** When recent turns finished (ms, oldest first), for the node's current rate. */
  private readonly finished: number[] = [];

  constructor(private readonly limits: TurnAdmissionLimits) {
    if (limits.maxEventLoopUtilisation < 1) {
      this.sampler = setInterval(() => {
        const now = performance.eventLoopUtilization();
        this.utilisation = performance.eventLoopUtilization(now, this.last).utilization;
        this.last = now;
      }, SAMPLE_MS);
      this.sampler.unref();
    }
  }

  /** Turns started and not finished, and turns admitted and waiting. */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length + this.reserved };
  }

  /**
   * Whether one more message may be taken now. When it returns true the caller holds a place and
   * must hand it to `run` (or give it back with `release`).
   */
  admit(): boolean {
    if (this.utilisation > this.limits.maxEventLoopUtilisation) return false;
    const queued = this.waiting.length + this.reserved;
    if (this.running >= this.limits.maxConcurrentTurns && queued >= this.queueLimit()) {
      return false;
    }
    this.reserved += 1;
    return true;
  }

  /**
   * How many may wait now: what this node finishes in `maxQueueWaitMs` at its recent rate (at
   * least one round of `maxConcurrentTurns`, so a cold node is not starved), within the bound.
   */
  private queueLimit(): number {
    const now = performance.now();
    while (this.finished.length > 0 && this.finished[0]! < now - RATE_WINDOW_MS) {
      this.finished.shift();
    }
    const perMs = this.finished.length / RATE_WINDOW_MS;
    const byRate = Math.floor(perMs * this.limits.maxQueueWaitMs);
    return Math.min(this.limits.maxQueuedTurns, Math.max(this.limits.maxConcurrentTurns, byRate));
  }

  /** Gives back a place taken by `admit` that will not run (a duplicate, a failed write). */
  release(): void {
    if (this.reserved > 0) this.reserved -= 1;
  }

  /** Runs an admitted turn when its place comes up. */
  async run<T>(turn: () => Promise<T>): Promise<T> {
    this.release();
    if (this.running >= this.limits.maxConcurrentTurns) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await turn();
    } finally {
      this.finished.push(performance.now());
      if (this.finished.length > 10_000) this.finished.splice(0, 5000);
      const next = this.waiting.shift();
      // The place passes straight to the next turn: `running` stays as it is.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** A wait to suggest to a refused client, growing with how far over the limit the node is. */
  retryAfterMs(): number {
    return this.utilisation > this.limits.maxEventLoopUtilisation ? 2000 : 1000;
  }

  close(): void {
    if (this.sampler) clearInterval(this.sampler);
  }
}
