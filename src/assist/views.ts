import type { ChannelPrice } from '../domain/catalog/channel-price';
import type { CartView as DomainCartView } from '../domain/commerce/cart-service';
import type { Order } from '../domain/commerce/order-model';
import type { QuoteView } from '../domain/commerce/quote-service';
import type { Customer } from '../domain/customers/customer';
import { displayName } from '../domain/customers/customer';
import type { Handover } from '../domain/handovers/handover';
import type { RankedOffer } from '../domain/handovers/next-best-offers';
import type { Interaction } from '../domain/interactions/interaction';
import { partyKey } from '../domain/shared/party';
import { maskPhone } from '../infra/logger';
import type {
  CartView,
  CustomerHeaderView,
  HandoverView,
  OfferView,
  OrderSummaryView,
  QuoteSummaryView,
  TimelineEntryView,
} from './assist-events';
import { plainWords } from './plain-words';

export function handoverView(handover: Handover, title: string): HandoverView {
  // The handle timer runs from the latest acceptance (a transfer starts it again).
  const acceptedAt = [...handover.history]
    .reverse()
    .find((entry) => entry.action === 'accepted')?.at;
  return {
    id: handover.id,
    partyKey: partyKey(handover.party),
    ...(handover.party.customerId ? { customerId: handover.party.customerId } : {}),
    ...(handover.party.visitorId ? { visitorId: handover.party.visitorId } : {}),
    title,
    channel: handover.channel,
    reason: handover.reason,
    kind: handover.kind,
    ...(handover.callbackNumber ? { callbackNumber: handover.callbackNumber } : {}),
    ...(handover.escalatedAt ? { escalatedAt: handover.escalatedAt.toISOString() } : {}),
    priority: handover.priority,
    queue: handover.queue,
    status: handover.status,
    ...(handover.assignedAgentId ? { assignedAgentId: handover.assignedAgentId } : {}),
    summary: plainWords(handover.summary),
    createdAt: handover.createdAt.toISOString(),
    ...(acceptedAt ? { acceptedAt: acceptedAt.toISOString() } : {}),
    updatedAt: handover.updatedAt.toISOString(),
    version: handover.version,
  };
}

export function customerHeader(customer: Customer): CustomerHeaderView {
  const mobile = maskPhone(customer.mobile);
  return {
    customerId: customer.id,
    name: displayName(customer.name),
    segment: customer.segment,
    status: customer.status,
    ...(mobile ? { mobile } : {}),
    ...(customer.email ? { email: maskEmail(customer.email) } : {}),
    language: customer.language,
    customerSince: customer.customerSince.toISOString(),
    smsMarketing: customer.consent.smsMarketing?.status ?? 'unknown',
    subscriptions: customer.subscriptions.map((subscription) => ({
      id: subscription.id,
      offeringId: subscription.offeringId,
      name: subscription.offeringName,
      status: subscription.status,
      isPlan: subscription.isPlan,
    })),
  };
}

/** s****@example.com: enough to confirm with her, not enough to copy. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 1) return email;
  return `${email[0]}${'*'.repeat(Math.min(at - 1, 6))}${email.slice(at)}`;
}

function authorOf(entry: Interaction): string | undefined {
  if (entry.kind !== 'message') return undefined;
  if (entry.direction === 'inbound') return 'customer';
  const author = entry.details?.author;
  return typeof author === 'string' ? author : 'bot';
}

/** A button's payload (`offer:po-…`, `handover:wait`), not words she wrote. */
const PAYLOAD = /^[a-z-]+:[\w-]+$/;

export function timelineEntry(entry: Interaction): TimelineEntryView {
  // A pressed button shows as the label she pressed, never as its payload.
  const label = typeof entry.details?.label === 'string' ? entry.details.label : undefined;
  const written = entry.kind === 'message' ? (entry.details?.text ?? label) : undefined;
  const text =
    typeof written === 'string' && PAYLOAD.test(written) ? (label ?? plainWords(written)) : written;
  const author = authorOf(entry);
  return {
    id: entry.id,
    kind: entry.kind,
    channel: entry.channel,
    direction: entry.direction,
    summary: plainWords(entry.summary),
    ...(typeof text === 'string' ? { text } : {}),
    ...(author ? { author } : {}),
    ...(entry.conversationId ? { conversationId: entry.conversationId } : {}),
    occurredAt: entry.occurredAt.toISOString(),
  };
}

export function cartView(view: DomainCartView): CartView {
  return {
    cartId: view.cart._id,
    version: view.cart.version,
    channel: 'agent',
    price: view.price,
    problems: view.problems.map((problem) => ({
      itemId: problem.itemId,
      message: problem.message,
    })),
    items: view.cart.items.map((item) => ({
      id: item.id,
      offeringId: item.offeringId,
      quantity: item.quantity,
      characteristics: { ...item.characteristics } as Record<string, string | number>,
      addedOn: item.addedOn,
      ...(item.agentDiscount
        ? {
            agentDiscount: {
              kind: item.agentDiscount.kind,
              value: item.agentDiscount.value,
              byRole: item.agentDiscount.byRole,
            },
          }
        : {}),
    })),
    updatedBy: {
      channel: view.cart.updatedBy.channel,
      at: new Date(view.cart.updatedBy.at).toISOString(),
    },
  };
}

export function quoteSummary(view: QuoteView): QuoteSummaryView {
  return {
    quoteId: view.quote._id,
    state: view.quote.state,
    channel: view.quote.channel,
    totals: view.quote.totals,
    validUntil: new Date(view.quote.validFor.endDateTime).toISOString(),
    expired: view.expired,
  };
}

export function orderSummary(order: Order): OrderSummaryView {
  return {
    orderId: order._id,
    ...(order.reference ? { reference: order.reference } : {}),
    items: order.items.map((item) => ({ name: item.offeringName, quantity: item.quantity })),
    state: order.state,
    channel: order.channel,
    totals: order.totals,
    orderDate: new Date(order.orderDate).toISOString(),
  };
}

export function offerView(offer: RankedOffer): OfferView {
  return {
    offeringId: offer.offeringId,
    name: offer.name,
    ...(offer.description ? { description: offer.description } : {}),
    price: offer.price as ChannelPrice,
    reasons: offer.reasons.map((reason) => plainWords(reason)),
    score: offer.score,
    why: offer.why.map((reason) => plainWords(reason)),
    isBundle: offer.isBundle,
  };
}
