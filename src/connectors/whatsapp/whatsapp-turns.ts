import type { ConversationEngine } from '../../bot/conversation';
import type { IdentityService } from '../../domain/customers/identity-service';
import { parseSmsKeyword } from '../../domain/messaging/sms-keywords';
import { partyKey } from '../../domain/shared/party';
import type { PartyRef } from '../../domain/shared/party';
import type { Logger } from '../../infra/logger';
import { renderWhatsapp } from './render-whatsapp';
import type { WhatsappMessageStore } from './whatsapp-message-store';
import type { WhatsappSender } from './whatsapp-sender';

export const INBOUND_WHATSAPP_QUEUE = 'whatsapp-inbound';

export interface WhatsappInboundJob {
  messageId: string;
}

/** Her WhatsApp promotions consent, kept on her customer record like every other. */
export interface WhatsappMarketingConsent {
  optOut(party: PartyRef, at: Date): Promise<void>;
}

export interface WhatsappTurnsDeps {
  store: WhatsappMessageStore;
  sender: WhatsappSender;
  engine: () => ConversationEngine;
  identities: () => Pick<IdentityService, 'resolve'>;
  consent?: WhatsappMarketingConsent;
  logger: Logger;
}

const OPTED_OUT =
  "You won't get promotions from us on WhatsApp any more. You can still message us here any time.";

/**
 * One stored WhatsApp message as a bot turn: she is known by her number (the same person as on
 * SMS: same cart, same timeline), a tapped button carries its option's id as a web button does,
 * and each reply goes back rendered for WhatsApp. A retried job answers with the same replies
 * under the same idempotency keys, so she never gets an answer twice or none.
 */
export class WhatsappTurns {
  constructor(private readonly deps: WhatsappTurnsDeps) {}

  async process(job: WhatsappInboundJob): Promise<void> {
    const message = await this.deps.store.findById(job.messageId);
    if (!message || message.handledAt) return;
    const party = await this.deps.identities().resolve('whatsapp', message.number);
    const messageId = message.twilioSid ?? message._id;
    if (
      !message.buttonPayload &&
      parseSmsKeyword(message.body) === 'opt-out' &&
      this.deps.consent
    ) {
      // STOP on WhatsApp stops promotions there; the conversation itself stays open to her.
      await this.deps.consent.optOut(party, message.createdAt ?? new Date());
      await this.deps.sender.send({
        to: message.number,
        body: OPTED_OUT,
        purpose: 'transactional',
        idempotencyKey: `whatsapp-stop:${messageId}`,
      });
      await this.deps.store.markHandled(message._id);
      return;
    }
    const result = await this.deps.engine().handleTurn({
      channel: 'whatsapp',
      party,
      conversationId: `whatsapp:${partyKey(party)}`,
      messageId,
      ...(message.buttonPayload
        ? { value: message.buttonPayload, label: message.buttonText ?? message.body }
        : { text: message.body }),
    });
    let index = 0;
    for (const reply of result.replies) {
      const rendered = renderWhatsapp(reply);
      await this.deps.sender.send({
        to: message.number,
        body: rendered.body,
        purpose: 'conversational',
        ...(rendered.interactive ? { interactive: rendered.interactive } : {}),
        idempotencyKey: `bot-reply:${messageId}:${index}`,
      });
      index += 1;
    }
    await this.deps.store.markHandled(message._id);
  }
}
