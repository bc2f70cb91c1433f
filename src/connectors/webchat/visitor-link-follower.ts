import type { DomainEventMap } from '../../domain/shared/events';
import type { ChatDelivery } from './chat-delivery';
import type { ChatMessageStore } from './chat-message-store';
import { conversationIdOf } from './chat-rooms';

/**
 * A visitor may be identified outside the chat (the sign-in page, another node's turn). Every app
 * node hears `visitor.linked`: the transcript moves to the customer (idempotent) and this node's
 * tabs of that visitor carry on as the customer, in her room.
 */
export function visitorLinkedHandler(delivery: ChatDelivery, store: ChatMessageStore) {
  return async ({ payload }: { payload: DomainEventMap['visitor.linked'] }): Promise<void> => {
    const from = { visitorId: payload.visitorId };
    const to = { customerId: payload.customerId };
    await store.moveConversation(conversationIdOf(from), conversationIdOf(to));
    for (const socket of delivery.promoteLocalSockets(from, to)) {
      socket.emit('session', { kind: 'customer' });
    }
  };
}
