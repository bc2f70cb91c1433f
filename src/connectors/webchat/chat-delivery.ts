import type { Logger } from '../../infra/logger';
import type { PartyRef } from '../../domain/shared/party';
import { partyKey } from '../../domain/shared/party';
import type { ChatMessageView } from './chat-events';
import type { ChatMessageStore, OutboundMessage } from './chat-message-store';
import { toChatView } from './chat-message-store';
import { conversationIdOf, partyRoom } from './chat-rooms';
import type { ChatNamespace, ChatSocket } from './chat-types';

/**
 * Writes what is said to a party and emits it to her room, which the Redis adapter carries to
 * her tabs on every node; and moves a visitor's tabs and transcript to the customer she proved
 * to be. Shared by bot turns and the agent outbox.
 */
export class ChatDelivery {
  constructor(
    private readonly chat: ChatNamespace,
    private readonly store: ChatMessageStore,
    private readonly logger: Logger,
  ) {}

  /** Persists, then emits, in order. With a dedupe key, an already recorded set is not sent again. */
  async deliver(
    party: PartyRef,
    messages: readonly OutboundMessage[],
    dedupeKey?: string,
  ): Promise<ChatMessageView[]> {
    const documents = await this.store.recordOutbound(conversationIdOf(party), messages, dedupeKey);
    const views = documents.map(toChatView);
    const room = this.chat.to(partyRoom(party));
    for (const view of views) room.emit('message', view);
    return views;
  }

  typing(party: PartyRef, on: boolean): void {
    this.chat.to(partyRoom(party)).emit('typing', { on });
  }

  /**
   * A visitor became a customer: her transcript moves to the customer's conversation, and every
   * tab of the visitor, on every node, joins the customer's room.
   */
  async promote(from: PartyRef, to: PartyRef): Promise<void> {
    if (partyKey(from) === partyKey(to)) return;
    await this.store.moveConversation(conversationIdOf(from), conversationIdOf(to));
    this.promoteLocalSockets(from, to);
    // Remote nodes' sockets join the room too; they notice the move on their next message.
    this.chat.in(partyRoom(from)).socketsJoin(partyRoom(to));
    this.chat.to(partyRoom(to)).emit('session', { kind: 'customer' });
    this.logger.info({ to: partyKey(to) }, 'web chat visitor identified');
  }

  /** This node's sockets of `from` now chat as `to` (used when another process did the linking). */
  promoteLocalSockets(from: PartyRef, to: PartyRef): ChatSocket[] {
    const ids = this.chat.adapter.rooms.get(partyRoom(from));
    const moved: ChatSocket[] = [];
    for (const id of ids ?? []) {
      const socket = this.chat.sockets.get(id);
      if (!socket) continue;
      socket.data.party = to;
      socket.join(partyRoom(to));
      moved.push(socket);
    }
    return moved;
  }
}
