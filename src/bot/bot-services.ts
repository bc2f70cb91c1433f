import type { CatalogSnapshotSource } from '../domain/commerce/ports';
import type { CartService } from '../domain/commerce/cart-service';
import type { OrderService } from '../domain/commerce/order-service';
import type { QuoteService } from '../domain/commerce/quote-service';
import type { OfferService } from '../domain/catalog/persistence/offer-service';
import type { CustomerService } from '../domain/customers/customer-service';
import type { IdentityService } from '../domain/customers/identity-service';
import type { TimelineRecorder } from '../domain/interactions/interaction';
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
  /** A cart worth more than this (one-time plus a year of monthly, minor units) goes to a person. */
  highValueMinor: number;
}
