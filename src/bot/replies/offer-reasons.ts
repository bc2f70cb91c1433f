import type { CustomerContext } from '../../domain/catalog/customer-context';
import type { OfferDecision } from '../../domain/catalog/offer-evaluation';
import type { OfferReason } from '../../domain/catalog/offer-reasons';

/** What the bot knows about her when it explains an offer: what she has and what she is buying. */
export interface ReasonContext {
  customer: CustomerContext;
  cartOfferingIds: readonly string[];
  decisions: readonly OfferDecision[];
}

function nameOf(context: ReasonContext, offeringId: string): string | undefined {
  return context.decisions.find((decision) => decision.offering.id === offeringId)?.offering.name;
}

function orList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * Why an offer is there for her, in her words ("Because you're on Unlimited 30 GB"); the catalog's
 * own reasons ("Required subscription in place") are for agents. Nothing when there is nothing to say.
 */
export function whyOfferedToHer(decision: OfferDecision, context: ReasonContext): string[] {
  const requires = decision.offering.compatibility.requires;
  if (requires.length === 0) return [];
  const subscribed = requires.find((id) => context.customer.subscriptionOfferingIds.includes(id));
  const subscribedName = subscribed && nameOf(context, subscribed);
  if (subscribedName) return [`Because you're on ${subscribedName}`];
  const inCart = requires.find((id) => context.cartOfferingIds.includes(id));
  const inCartName = inCart && nameOf(context, inCart);
  if (inCartName) return [`It goes with the ${inCartName} in your cart`];
  return [];
}

/** Why she cannot have an offer, said to her: never a rule, a status or a channel name. */
export function whyNotForHer(reason: OfferReason | undefined, context: ReasonContext): string {
  switch (reason?.code) {
    case undefined:
    case 'not-active':
    case 'not-priced':
      return 'it is not on sale any more';
    case 'outside-validity':
      return 'it is not on sale right now';
    case 'not-on-channel':
    case 'not-sellable-on-channel':
      return 'it cannot be ordered here';
    case 'already-subscribed':
      return 'you already have it';
    case 'ineligible':
      return 'it is not available on your account';
    case 'requires-missing': {
      // Only the plans she could actually get: never a retired or a business-only one.
      const onSale = (reason.related ?? []).filter((id) =>
        context.decisions.some((decision) => decision.offering.id === id && decision.offered),
      );
      const names = onSale.map((id) => nameOf(context, id)).filter((n): n is string => !!n);
      return names.length > 0 && names.length <= 3
        ? `it goes with ${orList(names)}, so add one of those first`
        : 'it goes with one of our plans, so you need a plan first';
    }
    case 'excluded-by': {
      const names = (reason.related ?? [])
        .map((id) => nameOf(context, id))
        .filter((n): n is string => !!n);
      return names.length > 0
        ? `it cannot be combined with ${names.join(' and ')}`
        : 'it cannot be combined with what you already have';
    }
  }
}
