import type { Queue } from 'bullmq';
import type { InboundOutcome, SmsMessageStore } from '../../domain/messaging';
import type { InboundSmsJob } from './inbound-sms-processor';
import type { InboundSmsPayload } from './inbound-sms-payload';

/** At most this many webhooks share one MongoDB write and one Redis round trip. */
const MAX_BATCH = 128;

interface Waiting {
  payload: InboundSmsPayload;
  resolve(outcome: InboundOutcome): void;
  reject(error: unknown): void;
}

/**
 * Makes inbound messages durable: stored, then queued with the MessageSid as job id. Webhooks
 * that arrive while a write is in flight are written together next (group commit): one insert
 * and one pipelined enqueue for many webhooks under load, a batch of one when traffic is light.
 */
export class InboundSmsIntake {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly store: SmsMessageStore,
    private readonly queue: Queue<InboundSmsJob>,
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
    try {
      const outcomes = await this.store.recordInbound(batch.map((item) => item.payload));
      // Queued even for a duplicate: if the node that stored it died before queueing, this one
      // finishes the job. The job id is the MessageSid, so otherwise this adds nothing.
      await this.queue.addBulk(
        outcomes.map((outcome, index) => ({
          name: 'receive',
          data: { messageId: outcome.messageId },
          opts: { jobId: batch[index]!.payload.twilioSid },
        })),
      );
      outcomes.forEach((outcome, index) => batch[index]!.resolve(outcome));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
