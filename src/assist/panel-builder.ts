import type { Handover } from '../domain/handovers/handover';
import { rankNextBestOffers } from '../domain/handovers/next-best-offers';
import type { OfferDismissals } from '../domain/handovers/offer-dismissals';
import type { InteractionChannel } from '../domain/interactions/interaction';
import { interactionChannelSchema } from '../domain/interactions/interaction-input';
import type { PartyRef } from '../domain/shared/party';
import type {
  CartView,
  CustomerHeaderView,
  HandoverView,
  OfferView,
  OrderSummaryView,
  PanelView,
  QuoteSummaryView,
  TimelineEntryView,
} from './assist-events';
import type { AssistServices } from './assist-services';
import {
  cartView,
  customerHeader,
  handoverView,
  offerView,
  orderSummary,
  quoteSummary,
  timelineEntry,
} from './views';

const TIMELINE_PAGE = 50;
const RECENT_ORDERS = 5;

/**
 * Assembles an agent's panel from the domain, every section read in parallel: her header, the
 * timeline across channels, the cart and latest quote priced for the agent channel, recent
 * orders, and next best offers on the agent channel.
 */
export class PanelBuilder {
  constructor(
    private readonly services: () => AssistServices,
    private readonly dismissals: OfferDismissals,
  ) {}

  async panel(handover: Handover): Promise<PanelView> {
    const party = handover.party;
    const [customer, timeline, cart, orders] = await Promise.all([
      this.customer(party),
      this.timeline(party),
      this.cart(party),
      this.orders(party),
    ]);
    const [quote, offers] = await Promise.all([
      cart ? this.quote(cart.cartId) : Promise.resolve(undefined),
      this.offers(party, cart),
    ]);
    const replyChannel =
      handover.channel === 'webchat'
        ? 'webchat'
        : customer?.mobile || handover.channel === 'sms'
          ? 'sms'
          : undefined;
    return {
      handover: handoverView(handover, customer?.name ?? 'Visitor'),
      ...(customer ? { customer } : {}),
      timeline,
      ...(cart ? { cart } : {}),
      ...(quote ? { quote } : {}),
      orders,
      offers,
      summary: handover.summary,
      ...(replyChannel ? { replyChannel } : {}),
    };
  }

  async handoverView(handover: Handover): Promise<HandoverView> {
    return handoverView(handover, await this.titleOf(handover.party));
  }

  async titleOf(party: PartyRef): Promise<string> {
    if (!party.customerId) return 'Visitor';
    const customer = await this.services().customers.find(party.customerId);
    return customer ? `${customer.name.given} ${customer.name.family}`.trim() : party.customerId;
  }

  async customer(party: PartyRef): Promise<CustomerHeaderView | undefined> {
    if (!party.customerId) return undefined;
    const customer = await this.services().customers.find(party.customerId);
    return customer ? customerHeader(customer) : undefined;
  }

  async timeline(
    party: PartyRef,
    options: { channel?: string; before?: string } = {},
  ): Promise<{ items: TimelineEntryView[]; nextCursor?: string }> {
    const channel: InteractionChannel | undefined = options.channel
      ? interactionChannelSchema.parse(options.channel)
      : undefined;
    const page = await this.services().interactions.timeline(party, {
      limit: TIMELINE_PAGE,
      ...(channel ? { channel } : {}),
      ...(options.before ? { before: options.before } : {}),
    });
    return {
      items: page.items.map(timelineEntry),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** Her cart at agent prices, without creating one for a panel that only looks. */
  async cart(party: PartyRef): Promise<CartView | undefined> {
    const { carts } = this.services();
    const stored = await carts.findCartOf(party);
    return stored ? cartView(await carts.viewOf(stored, 'agent')) : undefined;
  }

  async quote(cartId: string): Promise<QuoteSummaryView | undefined> {
    const { quotes } = await this.services().quotes.listQuotes({ cartId }, { offset: 0, limit: 1 });
    return quotes[0] ? quoteSummary(quotes[0]) : undefined;
  }

  async orders(party: PartyRef): Promise<OrderSummaryView[]> {
    if (!party.customerId) return [];
    const { orders } = await this.services().orders.listOrders(
      { customerId: party.customerId },
      { offset: 0, limit: RECENT_ORDERS },
    );
    return orders.map(orderSummary);
  }

  async offers(party: PartyRef, cart: CartView | undefined): Promise<OfferView[]> {
    const inCart = cart?.items.map((item) => item.offeringId) ?? [];
    // Her cart's campaign prices the offers as it prices her cart: one price for the agent to quote.
    const campaignId = (await this.services().carts.findCartOf(party))?.campaignId;
    const [{ decisions }, dismissed] = await Promise.all([
      this.services().offers.offersFor({
        channel: 'agent',
        party,
        cart: inCart,
        ...(campaignId ? { campaignId } : {}),
      }),
      this.dismissals.dismissedFor(party),
    ]);
    const candidates = decisions.flatMap((decision) =>
      decision.offered
        ? [
            {
              offeringId: decision.offering.id,
              name: decision.offering.name,
              ...(decision.offering.description
                ? { description: decision.offering.description }
                : {}),
              isBundle: decision.offering.isBundle,
              price: decision.price,
              reasons: decision.reasons,
            },
          ]
        : [],
    );
    return rankNextBestOffers({ candidates, inCart: new Set(inCart), dismissed }).map(offerView);
  }
}
