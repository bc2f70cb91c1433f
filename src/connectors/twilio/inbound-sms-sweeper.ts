import type { Queue } from 'bullmq';
import type { SmsMessageStore } from '../../domain/messaging';
import type { Logger } from '../../infra/logger';
import type { InboundSmsJob } from './inbound-sms-processor';

/** Records looked at per sweep: a backlog larger than this is worked through over several sweeps. */
const SWEEP_BATCH = 500;

export interface InboundSmsSweeperOptions {
  /** A message younger than this is left alone: its job is most likely still on its way. */
  afterMs: number;
}

/**
 * Puts an accepted inbound SMS back in the queue when Redis no longer has its job (Redis came back
 * empty, or lost writes in a failover). MongoDB is the record of what was accepted; the job is only
 * the reminder to act on it, so it is re-created under the same id (the MessageSid), and acting
 * stays once per message because the processor claims the record first.
 */
export class InboundSmsSweeper {
  constructor(
    private readonly store: SmsMessageStore,
    private readonly queue: Queue<InboundSmsJob>,
    private readonly logger: Logger,
    private readonly options: InboundSmsSweeperOptions,
  ) {}

  /** Returns how many messages were queued again. */
  async sweep(): Promise<number> {
    const candidates = await this.store.findUnhandledInbound(
      new Date(Date.now() - this.options.afterMs),
      SWEEP_BATCH,
    );
    if (candidates.length === 0) return 0;
    const states = await Promise.all(
      candidates.map((candidate) => this.queue.getJobState(candidate.twilioSid)),
    );
    const lost = candidates.filter((_, index) => states[index] === 'unknown');
    // A finished job with its message still unacted on: a run that found another run's claim and
    // ended, and that other run died. The record is unclaimed again (or it would not be listed).
    const finished = candidates.filter((_, index) => states[index] === 'completed');
    for (const candidate of finished) await this.queue.remove(candidate.twilioSid);
    const requeue = [...lost, ...finished];
    if (requeue.length === 0) return 0;
    await this.queue.addBulk(
      requeue.map((candidate) => ({
        name: 'receive',
        data: { messageId: candidate.messageId },
        opts: { jobId: candidate.twilioSid },
      })),
    );
    this.logger.warn(
      { requeued: requeue.length, lost: lost.length },
      'accepted inbound sms queued again: their jobs were missing from Redis',
    );
    return requeue.length;
  }
}
