import type { Logger } from '../../../infra/logger';
import type { OutboxMessage, OutboxStatus } from './outbox-message';
import { postSignedWebhook } from './signed-webhook';

export interface StatusCallbacksDeps {
  authToken: string;
  /** Pause before each status change; Twilio's take seconds, tests want milliseconds. */
  stepDelayMs: number;
  logger: Logger;
}

const PROGRESSION: OutboxStatus[] = ['queued', 'sent', 'delivered'];

/** Moves accepted messages through Twilio's statuses, posting a signed callback for each. */
export class StatusCallbacks {
  private readonly sleepers = new Map<NodeJS.Timeout, (awake: boolean) => void>();
  private closed = false;

  constructor(private readonly deps: StatusCallbacksDeps) {}

  start(message: OutboxMessage): void {
    void this.progress(message);
  }

  /** Stops every progression; nothing is posted to a server that is shutting down. */
  close(): void {
    this.closed = true;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake(false);
    }
    this.sleepers.clear();
  }

  private async progress(message: OutboxMessage): Promise<void> {
    const failing = message.failWith !== undefined;
    // A message WhatsApp refuses is queued, then failed with its code, never sent.
    const steps: OutboxStatus[] = failing ? ['queued', 'failed'] : PROGRESSION;
    for (const status of steps) {
      if (!(await this.sleep(this.deps.stepDelayMs))) return;
      if (status === 'failed') message.errorCode = message.failWith ?? null;
      message.status = status;
      message.dateUpdated = new Date();
      if (status === 'sent') message.dateSent = message.dateUpdated;
      if (message.statusCallback) await this.notify(message.statusCallback, message);
    }
  }

  private async notify(url: string, message: OutboxMessage): Promise<void> {
    const params: Record<string, string> = {
      SmsSid: message.sid,
      SmsStatus: message.status,
      MessageStatus: message.status,
      To: message.to,
      MessageSid: message.sid,
      AccountSid: message.accountSid,
      From: message.from ?? '',
      ApiVersion: '2010-04-01',
      ...(message.errorCode ? { ErrorCode: String(message.errorCode) } : {}),
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
    };
    try {
      const response = await postSignedWebhook(url, params, this.deps.authToken);
      if (response.status >= 300) {
        this.deps.logger.warn(
          { twilioSid: message.sid, httpStatus: response.status },
          'twilio stand-in: status callback refused',
        );
      }
    } catch (error) {
      // Twilio does not retry status callbacks either.
      this.deps.logger.warn(
        { twilioSid: message.sid, err: error },
        'twilio stand-in: status callback failed',
      );
    }
  }

  private sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve(!this.closed);
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }
}
