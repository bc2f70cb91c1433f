import { describeChannel } from '../shared/channel';
import type { Channel } from '../shared/channel';
import type { DiscountTerms } from './discount';

/** "self-care 20% off", or "self-care price" when the reduction is a fixed amount. */
export function channelDiscountLabel(channel: Channel, terms: DiscountTerms): string {
  // How she would name the place she buys on; never our channel ids.
  const words = describeChannel(channel).priceWord;
  return terms.kind === 'percent' ? `${words} ${terms.value}% off` : `${words} price`;
}

/** A promotion tied to a campaign is the price its SMS promised; any other is a special offer. */
export function promotionLabel(campaignId: string | undefined): string {
  return campaignId === undefined ? 'special offer' : 'campaign price';
}

export const agentDiscountLabel = 'discount from your adviser';

/**
 * What makes a price, in the order the discounts applied and each named once (a discount on the
 * monthly and the one-off charge is still one discount to her).
 */
export function priceLabels(
  adjustments: ReadonlyArray<{ label?: string | undefined; name: string }>,
): string[] {
  const labels: string[] = [];
  for (const adjustment of adjustments) {
    const label = adjustment.label ?? adjustment.name;
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}
