import type { ConversationEngine } from '../../bot/conversation';
import { renderSms } from '../../bot/rendering/render-sms';
import type { InboundSms, InboundSmsHandler, SmsSender } from '../../domain/messaging';
import type { IdentityService } from '../../domain/customers/identity-service';
import { partyKey } from '../../domain/shared/party';

export interface BotSmsHandlerDeps {
  engine: () => ConversationEngine;
  identities: () => Pick<IdentityService, 'resolve'>;
  sender: () => SmsSender;
}

/**
 * An inbound SMS as a bot turn: the sender is identified by her number, the bot answers, and each
 * reply goes back as one SMS. Runs in the inbound queue's worker; a retried job re-sends the same
 * replies under the same idempotency keys, so she never gets an answer twice or none.
 */
export class BotSmsHandler implements InboundSmsHandler {
  constructor(private readonly deps: BotSmsHandlerDeps) {}

  async handle(message: InboundSms): Promise<void> {
    const party = await this.deps.identities().resolve('sms', message.from);
    const messageId = message.twilioSid || message.messageId;
    const result = await this.deps.engine().handleTurn({
      channel: 'sms',
      party,
      conversationId: `sms:${partyKey(party)}`,
      messageId,
      text: message.body,
      ...(message.media.length > 0
        ? {
            attachments: message.media.map((item) => ({
              url: item.url,
              contentType: item.contentType ?? 'application/octet-stream',
            })),
          }
        : {}),
    });
    let index = 0;
    for (const reply of result.replies) {
      const { body } = renderSms(reply);
      await this.deps.sender().send({
        to: message.from,
        body,
        purpose: 'transactional',
        idempotencyKey: `bot-reply:${messageId}:${index}`,
      });
      index += 1;
    }
  }
}
