import type { ChannelPrice } from '../../domain/catalog/channel-price';
import type { OfferDecision } from '../../domain/catalog/offer-evaluation';
import { money } from '../../domain/shared/money';
import type { Money } from '../../domain/shared/money';
import type { ChoiceOption, OfferPrice, Reply } from '../rendering/reply';
import { actionValue } from './values';

export type OfferedDecision = Extract<OfferDecision, { offered: true }>;

function nonZero(value: Money): Money | undefined {
  return value.amount > 0 ? value : undefined;
}

export function offerPriceOf(price: ChannelPrice): OfferPrice {
  const oneTime = nonZero(price.oneTime);
  const recurring = nonZero(price.recurring);
  return { ...(oneTime ? { oneTime } : {}), ...(recurring ? { recurring } : {}) };
}

/** The price before channel discounts and promotions, when there were any. */
export function originalPriceOf(price: ChannelPrice): OfferPrice | undefined {
  if (price.alterations.length === 0 && price.promotions.length === 0) return undefined;
  let oneTime = 0;
  let recurring = 0;
  for (const charge of price.charges) {
    if (charge.chargeType === 'recurring') recurring += charge.base.amount;
    else oneTime += charge.base.amount;
  }
  return offerPriceOf({
    ...price,
    oneTime: money(oneTime, price.currency),
    recurring: money(recurring, price.currency),
  });
}

export function offerOption(decision: OfferedDecision): ChoiceOption {
  return {
    id: actionValue('offer', decision.offering.id),
    label: decision.offering.name,
    price: offerPriceOf(decision.price),
  };
}

/** Offers a customer may buy here, best first: promotions for her, then add-ons, then the rest. */
export function rankOffers(decisions: readonly OfferDecision[]): OfferedDecision[] {
  const offered = decisions.filter((decision): decision is OfferedDecision => decision.offered);
  const score = (decision: OfferedDecision): number =>
    (decision.price.promotions.length > 0 ? 0 : 2) +
    (decision.offering.category.some((category) => category.name === 'Add-ons') ? 0 : 1);
  return [...offered].sort((a, b) => score(a) - score(b));
}

export function offerListReply(offers: readonly OfferedDecision[], intro: string): Reply {
  if (offers.length === 0) {
    return {
      blocks: [
        {
          kind: 'text',
          text: 'There is nothing new I can offer you here right now. Ask for a person if you need help with your plan.',
        },
      ],
    };
  }
  return {
    blocks: [{ kind: 'choices', prompt: intro, options: offers.map(offerOption) }],
  };
}

export function offerCardReply(
  decision: OfferedDecision,
  price: ChannelPrice,
  lead?: string,
  /** Why it is there for her, in her words (never the catalog's reasons, which are for agents). */
  reasons: readonly string[] = [],
): Reply {
  const original = originalPriceOf(price);
  const badge = price.promotions[0]?.name ?? price.alterations[0]?.name;
  return {
    blocks: [
      ...(lead ? [{ kind: 'text' as const, text: lead }] : []),
      {
        kind: 'offerCard',
        offeringId: decision.offering.id,
        name: decision.offering.name,
        ...(decision.offering.description ? { description: decision.offering.description } : {}),
        price: offerPriceOf(price),
        ...(original ? { originalPrice: original } : {}),
        ...(reasons.length > 0 ? { reasons } : {}),
        ...(badge ? { badge } : {}),
        actions: [{ id: actionValue('add', decision.offering.id), label: 'Add to cart' }],
      },
    ],
  };
}
