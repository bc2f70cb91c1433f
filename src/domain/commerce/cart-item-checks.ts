import type { CatalogSnapshot } from '../catalog/catalog-snapshot';
import type { CustomerContext } from '../catalog/customer-context';
import type { Channel } from '../shared/channel';
import { AppError } from '../shared/errors';
import type { CartItem } from './cart-model';
import { priceItems } from './cart-pricing';
import type { AgentDiscountLimits } from './pricing-agent-discount';

/** Everything a cart is priced and checked against: the catalog, the party, the channel, the time. */
export interface PricingScope {
  snapshot: CatalogSnapshot;
  customer: CustomerContext;
  now: Date;
  channel: Channel;
}

/**
 * Checks added or changed items the way the catalog would offer them on this channel (sellable,
 * eligible, compatible with the rest of the cart) and prices them, which validates characteristics
 * and agent discount limits. Returns them with their full, resolved configuration.
 */
export function checkCartItems(
  touched: CartItem[],
  allItems: CartItem[],
  scope: PricingScope,
  agentDiscountLimits?: AgentDiscountLimits,
): CartItem[] {
  if (touched.length === 0) return [];
  const { snapshot, customer, channel, now } = scope;
  for (const item of touched) {
    const others = allItems
      .filter((other) => other.id !== item.id && other.action !== 'delete')
      .map((other) => other.offeringId);
    if (item.action === 'add') {
      const decision = snapshot.offerFor(item.offeringId, {
        channel,
        customer,
        now,
        cart: others,
      });
      if (!decision.offered) {
        throw new AppError(
          'UNPROCESSABLE',
          decision.whyNot.map((reason) => reason.message).join('; '),
          { offeringId: item.offeringId, whyNot: decision.whyNot },
        );
      }
      continue;
    }
    const offering = snapshot.offering(item.offeringId);
    if (!offering) {
      throw new AppError('NOT_FOUND', `No offering ${item.offeringId} in the catalog`, {
        offeringId: item.offeringId,
      });
    }
    if (!customer.subscriptionOfferingIds.includes(item.offeringId)) {
      throw new AppError(
        'UNPROCESSABLE',
        `The customer has no "${offering.name}" subscription to ${item.action === 'modify' ? 'change' : 'remove'}`,
        { offeringId: item.offeringId, subscriptionId: item.subscriptionId },
      );
    }
    if (item.action === 'modify' && !offering.channelRules.sellableOn.includes(channel)) {
      throw new AppError('UNPROCESSABLE', `"${offering.name}" cannot be changed on ${channel}`, {
        offeringId: item.offeringId,
      });
    }
  }
  const priced = priceItems({
    items: touched,
    channel,
    customer,
    now,
    snapshot,
    ...(agentDiscountLimits ? { agentDiscountLimits } : {}),
  });
  return touched.map((item, index) => ({
    ...item,
    characteristics: { ...(priced.lines[index]?.characteristics ?? item.characteristics) },
  }));
}
