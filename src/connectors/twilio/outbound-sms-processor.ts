import type { ConsentRegistry, SmsMessage, SmsMessageStore } from '../../domain/messaging';
import type { Logger } from '../../infra/logger';
import { maskPhone } from '../../infra/logger';
import { TwilioApiError } from './twilio-api-error';
import type { TwilioMessagesClient } from './twilio-messages-client';

export const OUTBOUND_SMS_QUEUE = 'sms-outbound';

export interface OutboundSmsJob {
  messageId: string;
}

/** Twilio's "Attempt to send to unsubscribed recipient". */
export const UNSUBSCRIBED_RECIPIENT_CODE = 21610;

export interface OutboundSmsProcessorDeps {
  store: SmsMessageStore;
  consent: ConsentRegistry;
  client: TwilioMessagesClient;
  statusCallbackUrl: (messageId: string) => string;
  logger: Logger;
}

export interface AttemptInfo {
  /** Whether no retry follows if this attempt fails. */
  isLastAttempt: boolean;
}

/** Hands one stored outbound SMS to Twilio; throws only when a later attempt may succeed. */
export class OutboundSmsProcessor {
  constructor(private readonly deps: OutboundSmsProcessorDeps) {}

  async process(messageId: string, attempt: AttemptInfo): Promise<void> {
    const { store, logger } = this.deps;
    const message = await store.findById(messageId);
    if (!message) {
      logger.warn({ messageId }, 'outbound sms job for an unknown message');
      return;
    }
    // An earlier attempt got through to Twilio (or the message was already settled).
    if (message.status !== 'accepted' || message.twilioSid) return;

    // Checked again here, not only when queued: a STOP that arrived meanwhile wins.
    if (message.purpose === 'marketing' && !(await this.deps.consent.isOptedIn(message.to))) {
      await store.advanceStatus(
        { messageId },
        { status: 'failed', errorCode: UNSUBSCRIBED_RECIPIENT_CODE },
      );
      logger.info({ messageId }, 'marketing sms dropped: recipient opted out before sending');
      return;
    }

    try {
      const created = await this.deps.client.createMessage({
        to: message.to,
        ...(message.from ? { from: message.from } : {}),
        ...(message.messagingServiceSid
          ? { messagingServiceSid: message.messagingServiceSid }
          : {}),
        body: message.body,
        mediaUrls: message.media.map((item) => item.url),
        statusCallback: this.deps.statusCallbackUrl(messageId),
      });
      await store.recordTwilioAcceptance(messageId, {
        twilioSid: created.sid,
        status: created.status,
        ...(created.from ? { from: created.from } : {}),
        ...(created.numSegments !== undefined ? { numSegments: created.numSegments } : {}),
      });
      logger.info({ messageId, twilioSid: created.sid }, 'sms handed to twilio');
    } catch (error) {
      if (!(error instanceof TwilioApiError)) throw error;
      if (error.retryable && !attempt.isLastAttempt) throw error;
      await this.settleAsFailed(message, error);
    }
  }

  private async settleAsFailed(message: SmsMessage, error: TwilioApiError): Promise<void> {
    const { store, consent, logger } = this.deps;
    await store.advanceStatus(
      { messageId: message._id },
      { status: 'failed', ...(error.code !== undefined ? { errorCode: error.code } : {}) },
    );
    logger.warn(
      {
        messageId: message._id,
        to: maskPhone(message.to),
        httpStatus: error.httpStatus,
        code: error.code,
      },
      'sms failed permanently',
    );
    // Twilio knows of an opt-out we missed (a STOP to another of our numbers, a carrier list).
    if (error.code === UNSUBSCRIBED_RECIPIENT_CODE) {
      await consent.recordOptOut(message.to, {
        kind: 'carrier-rejection',
        reference: message._id,
        at: new Date(),
      });
    }
  }
}
