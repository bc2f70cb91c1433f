import type { Collection } from 'mongodb';
import type { Model } from 'mongoose';
import type { WebRendering } from '../../bot/rendering/render-web';
import { isDuplicateKeyError } from '../../domain/shared/duplicate-key';
import { newId } from '../../domain/shared/ids';
import type { ChatAuthor, ChatHistory, ChatMessageView } from './chat-events';
import type { ChatMessageDocument, ChatTurnStatus } from './chat-message-model';
import { InsertBatcher } from './insert-batcher';

export interface InboundMessage {
  conversationId: string;
  dedupeKey: string;
  clientId: string;
  text?: string;
  value?: string;
  label?: string;
  /** `queued` when a worker answers it (WEBCHAT_TURNS=workers); `received` otherwise. */
  turn?: 'received' | 'queued';
}

export interface OutboundMessage {
  author: Exclude<ChatAuthor, 'customer'>;
  authorName?: string;
  rendering: WebRendering;
  inReplyTo?: string;
}

/** The web chat transcript in `chat_messages`: what the widget replays and the agent reads. */
export class ChatMessageStore {
  private readonly inserts: InsertBatcher<ChatMessageDocument>;

  constructor(
    private readonly model: Model<ChatMessageDocument>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.inserts = new InsertBatcher(this.collection);
  }

  /** The driver's collection: hot paths skip mongoose's document machinery; the schema is the model's. */
  private get collection(): Collection<ChatMessageDocument> {
    return this.model.collection as unknown as Collection<ChatMessageDocument>;
  }

  /** Records what she sent, once per dedupe key; a resend returns the first record. */
  async recordInbound(
    message: InboundMessage,
  ): Promise<{ message: ChatMessageDocument; duplicate: boolean }> {
    const document: ChatMessageDocument = {
      _id: newId('chm'),
      conversationId: message.conversationId,
      direction: 'in',
      author: 'customer',
      clientId: message.clientId,
      dedupeKey: message.dedupeKey,
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.value !== undefined ? { value: message.value } : {}),
      ...(message.label !== undefined ? { label: message.label } : {}),
      turn: message.turn ?? 'received',
      position: 0,
      createdAt: this.clock(),
    };
    try {
      await this.inserts.insert(document);
      return { message: document, duplicate: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const first = await this.model
        .findOne({ dedupeKey: message.dedupeKey })
        .lean<ChatMessageDocument>();
      if (!first) throw error;
      return { message: first, duplicate: true };
    }
  }

  /**
   * Records what was said to her, in order. With a `dedupeKey` (a greeting) nothing is recorded
   * when a message with that key exists, and an empty list comes back.
   */
  async recordOutbound(
    conversationId: string,
    messages: readonly OutboundMessage[],
    dedupeKey?: string,
  ): Promise<ChatMessageDocument[]> {
    if (messages.length === 0) return [];
    const createdAt = this.clock();
    const documents = messages.map((message, index): ChatMessageDocument => ({
      _id: newId('chm'),
      conversationId,
      direction: 'out',
      author: message.author,
      ...(message.authorName ? { authorName: message.authorName } : {}),
      ...(dedupeKey && index === 0 ? { dedupeKey } : {}),
      rendering: message.rendering,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
      position: index + 1,
      createdAt,
    }));
    if (!dedupeKey) {
      await Promise.all(documents.map((document) => this.inserts.insert(document)));
      return documents;
    }
    try {
      await this.collection.insertMany(documents, { ordered: true });
      return documents;
    } catch (error) {
      // The key sits on the first document, so an ordered insert stops before writing any.
      if (isDuplicateKeyError(error)) return [];
      throw error;
    }
  }

  async setTurnStatus(messageId: string, turn: ChatTurnStatus): Promise<void> {
    await this.collection.updateOne({ _id: messageId }, { $set: { turn } });
  }

  async find(messageId: string): Promise<ChatMessageDocument | undefined> {
    return (await this.model.findById(messageId).lean<ChatMessageDocument>()) ?? undefined;
  }

  /** Her messages of one conversation still queued for the bot, oldest first. */
  async queuedInbound(conversationId: string, limit = 50): Promise<ChatMessageDocument[]> {
    return this.model
      .find({ conversationId, turn: 'queued' })
      .sort({ createdAt: 1, position: 1 })
      .limit(limit)
      .lean<ChatMessageDocument[]>();
  }

  /** The newest `limit` messages of a conversation, oldest first. */
  async history(conversationId: string, limit: number): Promise<ChatHistory> {
    const newestFirst = await this.model
      .find({ conversationId })
      .sort({ createdAt: -1, position: -1 })
      .limit(limit + 1)
      .lean<ChatMessageDocument[]>();
    const hasMore = newestFirst.length > limit;
    return { messages: newestFirst.slice(0, limit).reverse().map(toChatView), hasMore };
  }

  /** Moves a visitor's transcript into the customer's once she is identified (idempotent). */
  async moveConversation(from: string, to: string): Promise<void> {
    if (from === to) return;
    await this.collection.updateMany({ conversationId: from }, { $set: { conversationId: to } });
  }
}

export function toChatView(document: ChatMessageDocument): ChatMessageView {
  return {
    id: document._id,
    direction: document.direction,
    author: document.author,
    ...(document.authorName ? { authorName: document.authorName } : {}),
    ...(document.clientId ? { clientId: document.clientId } : {}),
    ...(document.text !== undefined ? { text: document.text } : {}),
    ...(document.value !== undefined ? { value: document.value } : {}),
    ...(document.label !== undefined ? { label: document.label } : {}),
    ...(document.inReplyTo ? { inReplyTo: document.inReplyTo } : {}),
    ...(document.rendering ? { rendering: document.rendering } : {}),
    at: document.createdAt.toISOString(),
  };
}
