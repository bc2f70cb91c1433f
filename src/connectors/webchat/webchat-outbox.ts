import type { Reply } from '../../bot/rendering/reply';
import { renderWeb } from '../../bot/rendering/render-web';
import type { WebRendering } from '../../bot/rendering/render-web';
import { AppError } from '../../domain/shared/errors';
import type { PartyRef } from '../../domain/shared/party';
import type { ChatMessageView } from './chat-events';
import type { ChatDelivery } from './chat-delivery';

/** Something a person (an agent) or the service says into a customer's web chat. */
export interface OutboxMessage {
  author: 'agent' | 'system';
  /** Shown above an agent's message ("Priya, sales"). */
  authorName?: string;
  /** Plain text, or a full reply with cards and buttons: exactly one of the two. */
  text?: string;
  reply?: Reply;
}

/** The agent-facing hook into web chat (the assist feature writes through it). */
export interface WebchatOutbox {
  /** Persists the message in the party's transcript and emits it to her tabs on every node. */
  sendToParty(party: PartyRef, message: OutboxMessage): Promise<ChatMessageView>;
}

export class ChatOutbox implements WebchatOutbox {
  constructor(private readonly delivery: ChatDelivery) {}

  async sendToParty(party: PartyRef, message: OutboxMessage): Promise<ChatMessageView> {
    const [view] = await this.delivery.deliver(party, [
      {
        author: message.author,
        ...(message.authorName ? { authorName: message.authorName } : {}),
        rendering: outboxRendering(message),
      },
    ]);
    if (!view) throw new AppError('INTERNAL', 'The chat message was not recorded');
    return view;
  }
}

function outboxRendering(message: OutboxMessage): WebRendering {
  const text = message.text?.trim();
  if ((text ? 1 : 0) + (message.reply ? 1 : 0) !== 1) {
    throw new AppError('VALIDATION_FAILED', 'An outbox message has either text or a reply');
  }
  return message.reply ? renderWeb(message.reply) : { messages: [{ text: text! }] };
}
