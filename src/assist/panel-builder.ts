import { isPhoneIdentified } from '../domain/shared/channel';
import type { Channel } from '../domain/shared/channel';
import type { Cart } from '../domain/commerce/cart-model';
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
import { plainWords } from './plain-words';
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

/** Everything of a panel but the handover: what it shows of her, whoever holds her conversation. */
export type PanelSections = Omit<PanelView, 'handover' | 'summary' | 'replyChannel'>;

/**
 * Assembles an agent's panel from the domain: her header, the timeline across channels, the cart
 * and latest quote priced for the agent channel, recent orders, and next best offers on the agent
 * channel. Two rounds of reads, each in parallel: what needs only her (header, timeline, stored
 * cart, orders, dismissed offers), then what needs her cart (its prices, its quote, the offers).
 * The sections need only the party, so a live node starts them before it has read the handover.
 */
export class PanelBuilder {
  constructor(
    private readonly services: () => AssistServices,
    private readonly dismissals: OfferDismissals,
    /** Where an agent's reply would go (CustomerMessenger.replyChannelGiven). */
    private readonly replyChannel: (channel: Channel, hasPhone: boolean) => Channel | undefined,
  ) {}

  async panel(handover: Handover): Promise<PanelView> {
    return this.assemble(handover, await this.sections(handover.party));
  }

  /** A panel from sections already read for this party. */
  assemble(handover: Handover, sections: PanelSections): PanelView {
    const { customer } = sections;
    // A visitor on a phone channel is known by her number, so she can be written to there.
    const hasPhone = Boolean(customer?.mobile) || isPhoneIdentified(handover.channel);
    const replyChannel = this.replyChannel(handover.channel, hasPhone);
    return {
      handover: handoverView(handover, customer?.name ?? this.fallbackTitle(handover.party)),
      ...sections,
      summary: plainWords(handover.summary),
      ...(replyChannel ? { replyChannel } : {}),
    };
  }

  async sections(
    party: PartyRef,
    header?: Promise<CustomerHeaderView | undefined>,
  ): Promise<PanelSections> {
    const [customer, timeline, stored, orders, dismissed] = await Promise.all([
      header ?? this.customer(party),
      this.timeline(party),
      this.services().carts.findCartOf(party),
      this.orders(party),
      this.dismissals.dismissedFor(party),
    ]);
    const [cart, quote, offers] = await Promise.all([
      stored ? this.pricedCart(stored) : Promise.resolve(undefined),
      stored ? this.quote(stored._id) : Promise.resolve(undefined),
      this.rankedOffers(party, stored, dismissed),
    ]);
    return {
      ...(customer ? { customer } : {}),
      timeline,
      ...(cart ? { cart } : {}),
      ...(quote ? { quote } : {}),
      orders,
      offers,
    };
  }

  /** A visitor is "Visitor"; a customer whose record is gone shows her id rather than nothing. */
  private fallbackTitle(party: PartyRef): string {
    return party.customerId ?? 'Visitor';
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
    const stored = await this.services().carts.findCartOf(party);
    return stored ? this.pricedCart(stored) : undefined;
  }

  async pricedCart(stored: Cart): Promise<CartView> {
    return cartView(await this.services().carts.viewOf(stored, 'agent'));
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

  /** Next best offers for her; `stored` is her cart as read (undefined: she has none). */
  async offers(party: PartyRef, stored?: Cart): Promise<OfferView[]> {
    return this.rankedOffers(party, stored, await this.dismissals.dismissedFor(party));
  }

  private async rankedOffers(
    party: PartyRef,
    stored: Cart | undefined,
    dismissed: Set<string>,
  ): Promise<OfferView[]> {
    const inCart = stored?.items.map((item) => item.offeringId) ?? [];
    // Her cart's campaign prices the offers as it prices her cart: one price for the agent to quote.
    const campaignId = stored?.campaignId;
    const { decisions } = await this.services().offers.offersFor({
      channel: 'agent',
      party,
      cart: inCart,
      ...(campaignId ? { campaignId } : {}),
    });
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
