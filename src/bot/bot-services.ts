import type { CatalogSnapshotSource } from '../domain/commerce/ports';
import type { CartService } from '../domain/commerce/cart-service';
import type { OrderService } from '../domain/commerce/order-service';
import type { QuoteService } from '../domain/commerce/quote-service';
import type { OfferService } from '../domain/catalog/persistence/offer-service';
import type { CustomerService } from '../domain/customers/customer-service';
import type { IdentityService } from '../domain/customers/identity-service';
import type { TimelineRecorder } from '../domain/interactions/interaction';
import type { HandoverDeskPort } from '../domain/handovers/handover-desk';
import type { Clock } from '../domain/shared/clock';
import type { DomainEventPublisher } from '../domain/shared/events';

/** The domain services the dialogs sell through; the bot holds no cart or customer data itself. */
export interface BotServices {
  offers: Pick<OfferService, 'offersFor'>;
  catalog: CatalogSnapshotSource;
  carts: CartService;
  quotes: Pick<QuoteService, 'createQuote'>;
  orders: Pick<OrderService, 'checkout' | 'listOrders'>;
  customers: Pick<CustomerService, 'find'>;
  identities: Pick<IdentityService, 'requestSmsCode' | 'verifySmsCode'>;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  clock: Clock;
  /** Where signed-out customers are sent to sign in and to self-care (the portal's base URL). */
  portalUrl: string;
  /**
   * The handover desk: a request for a person is written there before she is told one is coming,
   * and it decides whether a person or the bot answers her. Without it (bot-only tests), the bot
   * raises `handover.requested` and silences itself.
   */
  handovers?: HandoverDeskPort;
  /** A cart worth more than this (one-time plus a year of monthly, minor units) goes to a person. */
  highValueMinor: number;
}
