import type { ChannelPrice } from '../catalog/channel-price';

/** One offer the catalog says may be sold to her on the agent channel, as the ranking reads it. */
export interface OfferCandidate {
  offeringId: string;
  name: string;
  description?: string;
  isBundle: boolean;
  price: ChannelPrice;
  /** The catalog's own reasons she may have it ("Eligible: …", "Summer Data Double applied"). */
  reasons: string[];
}

export interface RankedOffer extends OfferCandidate {
  score: number;
  /** Why it ranks where it does, in the agent's words. */
  why: string[];
}

export interface RankingInput {
  candidates: readonly OfferCandidate[];
  /** Offering ids already in her cart: not suggested again. */
  inCart: ReadonlySet<string>;
  /** Offering ids an agent dismissed for her: remembered, not suggested again. */
  dismissed: ReadonlySet<string>;
  limit?: number;
}

const DEFAULT_LIMIT = 5;

/**
 * Next best offers, explainably: a promotion that applies to her, an offer targeted at customers
 * like her, and one that builds on what she already has rank first; then bundles; then the cheaper
 * monthly price (a small step up is the likelier yes). Deterministic, so every agent sees one order.
 */
export function rankNextBestOffers(input: RankingInput): RankedOffer[] {
  const ranked: RankedOffer[] = [];
  for (const candidate of input.candidates) {
    if (input.inCart.has(candidate.offeringId) || input.dismissed.has(candidate.offeringId))
      continue;
    const why: string[] = [];
    let score = 0;
    if (candidate.price.promotions.length > 0) {
      score += 40;
      why.push(
        `Promotion: ${candidate.price.promotions.map((promotion) => promotion.name).join(', ')}`,
      );
    }
    if (candidate.reasons.some((reason) => reason.startsWith('Eligib'))) {
      score += 25;
      why.push('Targeted at customers like her');
    }
    if (candidate.reasons.includes('Required subscription in place')) {
      score += 20;
      why.push('Builds on what she already has');
    }
    if (candidate.isBundle) {
      score += 10;
      why.push('Bundle');
    }
    ranked.push({ ...candidate, score, why });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.price.recurring.amount - b.price.recurring.amount ||
      a.name.localeCompare(b.name),
  );
  return ranked.slice(0, input.limit ?? DEFAULT_LIMIT);
}
