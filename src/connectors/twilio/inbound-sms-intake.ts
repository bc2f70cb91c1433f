import type { Queue } from 'bullmq';
import type { InboundOutcome, SmsMessageStore } from '../../domain/messaging';
import type { InboundSmsJob } from './inbound-sms-processor';
import type { InboundSmsPayload } from './inbound-sms-payload';
import type { Logger } from '../../infra/logger';

/** At most this many webhooks share one MongoDB write and one Redis round trip. */
const MAX_BATCH = 128;

/**
 * How long a webhook waits for Redis once its message is stored. Past it the answer is 200 all the
 * same: the record is what was accepted, and the sweeper queues it if this enqueue never lands.
 */
const ENQUEUE_PATIENCE_MS = 3000;

interface Waiting {
  payload: InboundSmsPayload;
  resolve(outcome: InboundOutcome): void;
  reject(error: unknown): void;
}

/**
 * Makes inbound messages durable: stored, then queued with the MessageSid as job id. Webhooks
 * that arrive while a write is in flight are written together next (group commit): one insert
 * and one pipelined enqueue for many webhooks under load, a batch of one when traffic is light.
 * Only the MongoDB write decides the answer: Redis may be away, and the sweeper re-creates jobs
 * it does not have.
 */
export class InboundSmsIntake {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly store: SmsMessageStore,
    private readonly queue: Queue<InboundSmsJob>,
    private readonly logger: Logger,
  ) {}

  accept(payload: InboundSmsPayload): Promise<InboundOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ payload, resolve, reject });
      if (!this.flushing) this.flush();
    });
  }

  private flush(): void {
    this.flushing = true;
    // Let the webhooks already parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      const batch = this.waiting.splice(0, MAX_BATCH);
      void this.write(batch).finally(() => {
        if (this.waiting.length > 0) this.flush();
        else this.flushing = false;
      });
    });
  }

  private async write(batch: Waiting[]): Promise<void> {
    let outcomes: InboundOutcome[];
    try {
      outcomes = await this.store.recordInbound(batch.map((item) => item.payload));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    // Queued even for a duplicate: if the node that stored it died before queueing, this one
    // finishes the job. The job id is the MessageSid, so otherwise this adds nothing.
    const enqueued = this.queue.addBulk(
      outcomes.map((outcome, index) => ({
        name: 'receive',
        data: { messageId: outcome.messageId },
        opts: { jobId: batch[index]!.payload.twilioSid },
      })),
    );
    const settled = await within(enqueued, ENQUEUE_PATIENCE_MS);
    if (settled !== 'done') {
      this.logger.warn(
        { messages: batch.length, err: settled === 'late' ? undefined : settled.error },
        settled === 'late'
          ? 'inbound sms stored; redis is slow to take the jobs, the sweeper will queue any it lost'
          : 'inbound sms stored but not queued; the sweeper will queue it',
      );
    }
    outcomes.forEach((outcome, index) => batch[index]!.resolve(outcome));
  }
}

async function within(
  work: Promise<unknown>,
  ms: number,
): Promise<'done' | 'late' | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        (error: unknown) => ({ error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
