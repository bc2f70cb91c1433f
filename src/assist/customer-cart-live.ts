import type { Namespace } from 'socket.io';
import type { CartService } from '../domain/commerce/cart-service';
import type { DomainEvent } from '../domain/shared/events';
import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';
import type { EventSource } from './assist-live';

/** The web chat room of a party, as the web-chat connector names it (`party:<partyKey>`). */
const chatRoomOf = (party: PartyRef) => `party:${partyKey(party)}`;

/**
 * Her chat shows the cart she has now, whichever channel changed it (self-care, SMS, TMF, an
 * agent): every node turns `cart.updated` into `cart:updated` for its own chat sockets only, so
 * each tab hears each change once, priced as web chat prices it.
 */
export function serveCustomerCarts(deps: {
  chat: Namespace;
  events: EventSource;
  carts: () => CartService;
  logger: Logger;
}): () => void {
  return deps.events.subscribe('cart.updated', async (event: DomainEvent<'cart.updated'>) => {
    const { customerId, visitorId, cartId, channel } = event.payload;
    const parties: PartyRef[] = [
      ...(customerId ? [{ customerId }] : []),
      ...(visitorId ? [{ visitorId }] : []),
    ];
    const rooms = parties.map(chatRoomOf).filter((room) => deps.chat.adapter.rooms.has(room));
    if (rooms.length === 0) return;
    try {
      const cart = await deps.carts().findCart(cartId);
      if (!cart) return;
      const view = await deps.carts().viewOf(cart, 'webchat');
      deps.chat.local.to(rooms).emit('cart:updated', {
        cartId,
        version: cart.version,
        channel,
        items: view.price.lines.map((line) => ({
          name: line.offeringName,
          quantity: line.quantity,
        })),
        totals: view.price.totals,
      });
    } catch (error) {
      deps.logger.warn({ err: error, cartId }, 'cart update for web chat failed');
    }
  });
}
