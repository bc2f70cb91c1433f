import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { WebRendering } from '../../bot/rendering/render-web';
import { chatAuthors, chatDirections } from './chat-events';
import type { ChatAuthor, ChatDirection } from './chat-events';

export const chatTurnStatuses = ['received', 'queued', 'answered', 'failed'] as const;
/**
 * Where an inbound message's bot turn stands: `received` (answered on the node that took it),
 * `queued` for a worker and `answered` by one, or `failed` (a resend retries only a failed one).
 */
export type ChatTurnStatus = (typeof chatTurnStatuses)[number];

export interface ChatMessageDocument {
  /** `chm_…`; also the `messageId` of the bot turn an inbound message starts. */
  _id: string;
  /** The party key (`visitor:vis_…`, `customer:…`); a visitor's messages move to the customer on link. */
  conversationId: string;
  direction: ChatDirection;
  author: ChatAuthor;
  authorName?: string;
  clientId?: string;
  /**
   * Unique when set: the sender and her clientId for inbound messages (keyed by the browser's
   * visitor id when there is one, which survives her being identified), `greeting:<conversation>`
   * for a greeting, so a resend or two tabs opening at once record one message.
   */
  dedupeKey?: string;
  text?: string;
  value?: string;
  label?: string;
  rendering?: WebRendering;
  /** For a bot's answer: the inbound message it answers. */
  inReplyTo?: string;
  turn?: ChatTurnStatus;
  /** Order within one write (a turn's replies share a millisecond); history sorts by (createdAt, position). */
  position: number;
  createdAt: Date;
}

function chatMessageSchema(): Schema<ChatMessageDocument> {
  const schema = new Schema<ChatMessageDocument>(
    {
      _id: { type: String, required: true },
      conversationId: { type: String, required: true },
      direction: { type: String, enum: chatDirections, required: true },
      author: { type: String, enum: chatAuthors, required: true },
      authorName: String,
      clientId: String,
      dedupeKey: String,
      text: String,
      value: String,
      label: String,
      rendering: Schema.Types.Mixed,
      inReplyTo: String,
      turn: { type: String, enum: chatTurnStatuses },
      position: { type: Number, required: true },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'chat_messages', minimize: false },
  );
  // History is the newest N of one conversation: a range on this index, read backwards.
  schema.index({ conversationId: 1, createdAt: -1, position: -1 });
  // A worker's "what of hers is still waiting for the bot?", within one conversation.
  schema.index({ conversationId: 1, turn: 1 });
  schema.index({ dedupeKey: 1 }, { unique: true, sparse: true });
  return schema;
}

export function chatMessageModel(connection: Connection): Model<ChatMessageDocument> {
  return (
    (connection.models.ChatMessage as Model<ChatMessageDocument> | undefined) ??
    connection.model<ChatMessageDocument>('ChatMessage', chatMessageSchema())
  );
}
