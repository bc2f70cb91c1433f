import type { OfferService } from '../domain/catalog/persistence/offer-service';
import type { CartService } from '../domain/commerce/cart-service';
import type { OrderService } from '../domain/commerce/order-service';
import type { QuoteService } from '../domain/commerce/quote-service';
import type { CustomerService } from '../domain/customers/customer-service';
import type { IdentityService } from '../domain/customers/identity-service';
import type { InteractionService } from '../domain/interactions/interaction-service';
import type { SmsSender } from '../domain/messaging/ports';
import type { PartyRef } from '../domain/shared/party';
import type { UserService } from '../domain/users/user-service';

/** What the assist side reads and changes, all through the domain services every channel uses. */
export interface AssistServices {
  customers: CustomerService;
  identities: IdentityService;
  interactions: InteractionService;
  carts: CartService;
  quotes: QuoteService;
  orders: OrderService;
  offers: OfferService;
  users: UserService;
  sms: SmsSender;
}

/** Gives a conversation back to the bot, or silences it (BotConversationEngine.resume / hold). */
export interface BotResumer {
  resume(party: PartyRef): Promise<void>;
  hold(party: PartyRef, handoverId: string): Promise<void>;
}

/** Writes into a customer's web chat (the web-chat connector's outbox), when web chat runs here. */
export interface ChatOutboxPort {
  sendToParty(
    party: PartyRef,
    message: { author: 'agent' | 'system'; authorName?: string; text?: string },
  ): Promise<{ id: string }>;
}
