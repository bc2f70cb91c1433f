import type { WorkerOptions } from 'bullmq';

/**
 * How fast a job whose worker died is taken over. A worker renews its lock on every active job
 * each `lockRenewMs`; a job whose lock is older than `lockDurationMs` is found by the stalled check
 * (every `stalledIntervalMs`, by any worker of the queue) and put back to run again. A killed
 * worker's job is therefore running again within about `lockDurationMs + stalledIntervalMs`
 * (BullMQ's defaults, 30 s and 30 s, made that up to a minute and a half with the check's drift).
 */
export interface WorkerTiming {
  lockDurationMs: number;
  lockRenewMs: number;
  stalledIntervalMs: number;
  /** How often one job may stall before it is failed instead of run again. */
  maxStalledCount: number;
}

/**
 * Seconds, not minutes: a lock of 5 s renewed every 1.25 s survives event-loop pauses of almost
 * 4 s before a live worker's job is wrongly taken back, and every processor is idempotent per job,
 * so a false takeover costs a repeated no-op, never a repeated message.
 */
export const DEFAULT_WORKER_TIMING: WorkerTiming = {
  lockDurationMs: 5000,
  lockRenewMs: 1250,
  stalledIntervalMs: 2000,
  maxStalledCount: 2,
};

export function workerTiming(settings: {
  QUEUE_LOCK_DURATION_MS: number;
  QUEUE_LOCK_RENEW_MS?: number | undefined;
  QUEUE_STALLED_INTERVAL_MS: number;
  QUEUE_MAX_STALLED_COUNT: number;
}): WorkerTiming {
  return {
    lockDurationMs: settings.QUEUE_LOCK_DURATION_MS,
    lockRenewMs:
      settings.QUEUE_LOCK_RENEW_MS ??
      Math.max(100, Math.floor(settings.QUEUE_LOCK_DURATION_MS / 4)),
    stalledIntervalMs: settings.QUEUE_STALLED_INTERVAL_MS,
    maxStalledCount: settings.QUEUE_MAX_STALLED_COUNT,
  };
}

export function workerLockOptions(
  timing: WorkerTiming,
): Pick<WorkerOptions, 'lockDuration' | 'lockRenewTime' | 'stalledInterval' | 'maxStalledCount'> {
  return {
    lockDuration: timing.lockDurationMs,
    lockRenewTime: timing.lockRenewMs,
    stalledInterval: timing.stalledIntervalMs,
    maxStalledCount: timing.maxStalledCount,
  };
}
