import type { PartyRef } from '../../domain/shared/party';
import { partyKey } from '../../domain/shared/party';

const CUSTOMER_ROOM_PREFIX = 'party:customer:';

/** One room per party, so every tab (on any node) of one visitor or customer shares the chat. */
export function partyRoom(party: PartyRef): string {
  return `party:${partyKey(party)}`;
}

/** A chat's conversation is its party: the web chat has one running conversation per person. */
export function conversationIdOf(party: PartyRef): string {
  return partyKey(party);
}

/** The party a conversation belongs to (its id is her party key). */
export function partyOfConversation(conversationId: string): PartyRef | undefined {
  const [kind, id] = [
    conversationId.slice(0, conversationId.indexOf(':')),
    conversationId.slice(conversationId.indexOf(':') + 1),
  ];
  if (!id) return undefined;
  if (kind === 'customer') return { customerId: id };
  if (kind === 'visitor') return { visitorId: id };
  return undefined;
}

/** The customer a socket was moved to by another node (it joined her room), if any. */
export function customerFromRooms(rooms: Iterable<string>): PartyRef | undefined {
  for (const room of rooms) {
    if (room.startsWith(CUSTOMER_ROOM_PREFIX)) {
      return { customerId: room.slice(CUSTOMER_ROOM_PREFIX.length) };
    }
  }
  return undefined;
}
