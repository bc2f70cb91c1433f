import type { OutboundChannelMessage } from '../../domain/messaging/channel-outlet';
import { toE164 } from '../../domain/messaging/phone-number';
import { AppError } from '../../domain/shared/errors';
import type { Logger } from '../../infra/logger';
import { maskPhone } from '../../infra/logger';
import { TwilioApiError } from '../twilio/twilio-api-error';
import type { TwilioMessagesClient } from '../twilio/twilio-messages-client';
import type { ContentCatalog } from './content-catalog';
import type { InteractiveContent } from './render-whatsapp';
import { toWhatsappAddress } from './whatsapp-address';
import type { WhatsappMessageStore } from './whatsapp-message-store';

export interface WhatsappSendRequest extends OutboundChannelMessage {
  /** Buttons or a list; sent only inside her window (they are session messages). */
  interactive?: InteractiveContent;
}

export interface WhatsappSenderDeps {
  store: WhatsappMessageStore;
  client: TwilioMessagesClient;
  contents: ContentCatalog;
  sender: string;
  /** Approved templates by the service's names (`promotion`, `order-complete`) → `HX…`. */
  templates: Readonly<Record<string, string>>;
  freeFormWindowHours: number;
  statusCallbackUrl: (messageId: string) => string;
  logger: Logger;
  now?: () => Date;
}

/**
 * Sends to her on WhatsApp under Meta's customer-service window: within 24 hours of her last
 * message anything goes (text, buttons, lists); after it, only an approved template with its
 * variables, and a message that has none is refused here with CHANNEL_CLOSED, so the caller can
 * take another channel instead of Twilio failing it later with error 63016.
 */
export class WhatsappSender {
  constructor(private readonly deps: WhatsappSenderDeps) {}

  async windowOpen(number: string): Promise<boolean> {
    const last = await this.deps.store.lastInboundAt(number);
    if (!last) return false;
    const now = (this.deps.now ?? (() => new Date()))();
    return now.getTime() - last.getTime() < this.deps.freeFormWindowHours * 3_600_000;
  }

  async send(request: WhatsappSendRequest): Promise<{ messageId: string }> {
    const number = toE164(request.to);
    if (!number) {
      throw new AppError('VALIDATION_FAILED', 'A WhatsApp recipient must be an E.164 number');
    }
    const open = await this.windowOpen(number);
    const templateSid = request.template ? this.deps.templates[request.template.name] : undefined;
    if (!open && !templateSid) {
      throw new AppError(
        'CHANNEL_CLOSED',
        'Her WhatsApp window is closed and no approved template says this',
        { channel: 'whatsapp', ...(request.template ? { template: request.template.name } : {}) },
      );
    }
    const contentSid = open
      ? request.interactive
        ? await this.deps.contents.sidFor(request.interactive)
        : undefined
      : templateSid;
    await request.slot?.();
    const { record, existing } = await this.deps.store.recordOutbound({
      number,
      body: request.body,
      purpose: request.purpose,
      ...(contentSid ? { contentSid } : {}),
      ...(!open && request.template ? { template: request.template.name } : {}),
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
    });
    if (existing && record.twilioSid) return { messageId: record._id };
    try {
      const created = await this.deps.client.createMessage({
        to: toWhatsappAddress(number),
        from: toWhatsappAddress(this.deps.sender),
        body: request.body,
        mediaUrls: [],
        statusCallback: this.deps.statusCallbackUrl(record._id),
        ...(contentSid ? { contentSid } : {}),
        ...(!open && request.template ? { contentVariables: request.template.variables } : {}),
      });
      await this.deps.store.markAccepted(
        record._id,
        created.sid,
        created.status === 'sending' ? 'queued' : created.status,
      );
    } catch (error) {
      this.deps.logger.warn(
        { err: error, messageId: record._id, to: maskPhone(number) },
        'whatsapp send failed',
      );
      if (error instanceof TwilioApiError && !error.retryable) {
        // Refused for good (a number not on WhatsApp, a bad template): no retry will help.
        await this.deps.store.applyStatus(record._id, 'failed', error.code);
        throw new AppError(
          error.code === 21211 ? 'VALIDATION_FAILED' : 'UNPROCESSABLE',
          'WhatsApp refused the message',
          { channel: 'whatsapp', ...(error.code ? { twilioCode: error.code } : {}) },
          { cause: error },
        );
      }
      throw error;
    }
    return { messageId: record._id };
  }
}
