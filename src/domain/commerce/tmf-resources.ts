import type { CartView } from './cart-service';
import { partyOf } from './cart-service';
import type { Order } from './order-model';
import type { PricedItem } from './priced-items';
import type { QuoteView } from './quote-service';
import {
  chargePrices,
  offeringRef,
  productOf,
  relatedPartyOf,
  tmfPaths,
  totalPrices,
} from './tmf-prices';

function itemPrices(type: string, item: PricedItem) {
  return {
    itemPrice: chargePrices(type, item.charges, 'unit', item.quantity),
    itemTotalPrice: chargePrices(type, item.charges, 'line', item.quantity),
  };
}

/** TMF663 ShoppingCart, priced for the channel that reads it. */
export function toTmfShoppingCart(view: CartView) {
  const { cart, price, problems } = view;
  const lines = new Map(price.lines.map((line) => [line.itemId, line]));
  return {
    id: cart._id,
    href: `${tmfPaths.shoppingCart}/${cart._id}`,
    '@type': 'ShoppingCart',
    lastUpdate: cart.updatedBy.at.toISOString(),
    relatedParty: relatedPartyOf(partyOf(cart)),
    cartItem: cart.items.map((item) => {
      const line = lines.get(item.id);
      const problem = problems.find((candidate) => candidate.itemId === item.id);
      return {
        id: item.id,
        '@type': 'CartItem',
        action: item.action,
        quantity: item.quantity,
        status: 'active',
        productOffering: offeringRef(item.offeringId, line?.offeringName ?? item.offeringId),
        product: productOf(line?.characteristics ?? item.characteristics, item.subscriptionId),
        ...(line
          ? {
              itemPrice: chargePrices('CartPrice', line.charges, 'unit', line.quantity),
              itemTotalPrice: chargePrices('CartPrice', line.charges, 'line', line.quantity),
            }
          : {}),
        ...(problem ? { note: [{ '@type': 'Note', text: problem.message }] } : {}),
      };
    }),
    cartTotalPrice: totalPrices('CartPrice', price.totals),
    // Extensions: the channel the prices are for, and the version to send back as If-Match.
    channel: view.channel,
    cartVersion: cart.version,
    ...(cart.campaignId ? { campaignId: cart.campaignId } : {}),
  };
}

/** TMF648 Quote; `expired` follows from validFor and is not a stored state. */
export function toTmfQuote(view: QuoteView) {
  const { quote } = view;
  return {
    id: quote._id,
    href: `${tmfPaths.quote}/${quote._id}`,
    '@type': 'Quote',
    state: quote.state,
    quoteDate: quote.quoteDate.toISOString(),
    lastUpdate: quote.lastUpdate.toISOString(),
    validFor: {
      startDateTime: quote.validFor.startDateTime.toISOString(),
      endDateTime: quote.validFor.endDateTime.toISOString(),
    },
    expired: view.expired,
    channel: [{ id: quote.channel, name: quote.channel, '@referredType': 'SalesChannel' }],
    relatedParty: relatedPartyOf(partyOf(quote)),
    quoteItem: quote.items.map((item) => ({
      id: item.id,
      '@type': 'QuoteItem',
      action: item.action,
      quantity: item.quantity,
      state: quote.state,
      productOffering: offeringRef(item.offeringId, item.offeringName),
      product: productOf(item.characteristics, item.subscriptionId),
      quoteItemPrice: chargePrices('QuotePrice', item.charges, 'line', item.quantity),
    })),
    quoteTotalPrice: totalPrices('QuotePrice', quote.totals),
    shoppingCart: { id: quote.cartId, href: `${tmfPaths.shoppingCart}/${quote.cartId}` },
  };
}

/** TMF622 ProductOrder. */
export function toTmfProductOrder(order: Order) {
  return {
    id: order._id,
    href: `${tmfPaths.productOrder}/${order._id}`,
    '@type': 'ProductOrder',
    // The short number she quotes ("order 1001"); the id stays for machines.
    ...(order.reference ? { reference: order.reference } : {}),
    state: order.state,
    orderDate: order.orderDate.toISOString(),
    ...(order.completionDate ? { completionDate: order.completionDate.toISOString() } : {}),
    ...(order.cancellationDate ? { cancellationDate: order.cancellationDate.toISOString() } : {}),
    ...(order.cancellationReason ? { cancellationReason: order.cancellationReason } : {}),
    channel: [{ id: order.channel, name: order.channel, '@referredType': 'SalesChannel' }],
    relatedParty: relatedPartyOf({ customerId: order.customerId }),
    productOrderItem: order.items.map((item) => ({
      id: item.id,
      '@type': 'ProductOrderItem',
      action: item.action,
      quantity: item.quantity,
      state: order.state,
      productOffering: offeringRef(item.offeringId, item.offeringName),
      product: productOf(item.characteristics, item.subscriptionId),
      ...itemPrices('OrderPrice', item),
    })),
    orderTotalPrice: totalPrices('OrderPrice', order.totals),
    ...(order.failureReason
      ? { note: [{ '@type': 'Note', author: 'activation', text: order.failureReason }] }
      : {}),
  };
}

export type TmfProductOrder = ReturnType<typeof toTmfProductOrder>;
