import type { ConversationEngine, TurnResult } from '../../bot/conversation';
import type { Reply } from '../../bot/rendering/reply';
import { renderWeb } from '../../bot/rendering/render-web';
import type { PartyRef } from '../../domain/shared/party';
import { partyKey } from '../../domain/shared/party';
import type { Logger } from '../../infra/logger';
import type { ChatDelivery } from './chat-delivery';
import type { ChatMessageDocument } from './chat-message-model';
import type { ChatMessageStore, OutboundMessage } from './chat-message-store';
import { conversationIdOf } from './chat-rooms';

const SORRY: OutboundMessage = {
  author: 'system',
  rendering: {
    messages: [{ text: 'Sorry, I could not answer that just now. Please send it again.' }],
  },
};

const DEFAULT_TYPING_DELAY_MS = 300;

/**
 * A turn's replies as one chat message of several bubbles: one record, one emit, one
 * acknowledgement of "the bot answered", however many things it said.
 */
function botMessage(replies: readonly Reply[]): OutboundMessage | undefined {
  const messages = replies.flatMap((reply) => renderWeb(reply).messages);
  return messages.length > 0 ? { author: 'bot', rendering: { messages } } : undefined;
}

/** Runs bot turns for web chat messages and greets new conversations. */
export class ChatTurns {
  constructor(
    private readonly engine: () => ConversationEngine,
    private readonly store: ChatMessageStore,
    private readonly delivery: ChatDelivery,
    private readonly logger: Logger,
    private readonly typingDelayMs = DEFAULT_TYPING_DELAY_MS,
  ) {}

  /**
   * Answers one recorded inbound message. Returns the party after the turn (the customer when the
   * visitor proved her number during it).
   */
  async answer(
    party: PartyRef,
    message: ChatMessageDocument,
    session: { visitorId?: string; campaignId?: string },
    settle?: 'answered',
  ): Promise<PartyRef> {
    // Typing shows only when the bot takes a noticeable while: a quick answer needs no indicator,
    // and one that flickers on and off for every message is noise (and traffic) for nothing.
    let typingShown = false;
    const typingTimer = setTimeout(() => {
      typingShown = true;
      this.delivery.typing(party, true);
    }, this.typingDelayMs);
    let result: TurnResult;
    try {
      result = await this.engine().handleTurn({
        channel: 'webchat',
        party,
        conversationId: conversationIdOf(party),
        messageId: message._id,
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.value !== undefined ? { value: message.value } : {}),
        ...(message.value !== undefined && message.label ? { label: message.label } : {}),
        ...(session.visitorId ? { visitorId: session.visitorId } : {}),
        ...(session.campaignId ? { campaignId: session.campaignId } : {}),
      });
    } catch (error) {
      clearTimeout(typingTimer);
      this.logger.error(
        { err: error, conversationId: conversationIdOf(party), messageId: message._id },
        'web chat turn failed',
      );
      await this.store.setTurnStatus(message._id, 'failed').catch(() => undefined);
      await this.delivery
        .deliver(party, [{ ...SORRY, inReplyTo: message._id }])
        .catch(() => undefined);
      if (typingShown) this.delivery.typing(party, false);
      return party;
    }
    clearTimeout(typingTimer);
    const after = result.party;
    if (partyKey(after) !== partyKey(party)) await this.delivery.promote(party, after);
    const answer = botMessage(result.replies);
    if (answer) await this.delivery.deliver(after, [{ ...answer, inReplyTo: message._id }]);
    if (settle) await this.store.setTurnStatus(message._id, settle);
    if (typingShown) this.delivery.typing(after, false);
    return after;
  }

  /** Greets a party whose conversation is empty; two tabs opening at once greet once. */
  async greet(party: PartyRef): Promise<void> {
    const conversationId = conversationIdOf(party);
    try {
      const result = await this.engine().greet('webchat', party, conversationId);
      const greeting = botMessage(result.replies);
      if (greeting) await this.delivery.deliver(party, [greeting], `greeting:${conversationId}`);
    } catch (error) {
      this.logger.warn({ err: error, conversationId }, 'web chat greeting failed');
    }
  }
}
