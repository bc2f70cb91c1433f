import { z } from 'zod';
import { channelSchema } from '../shared/channel';
import type { Channel } from '../shared/channel';
import { checkDiscountTerms, discountTermsShape } from './discount';
import type { DiscountTerms } from './discount';

/** A channel-specific reduction held centrally on the offering, e.g. "self-care exclusive −20 %". */
export interface ChannelPriceAlteration extends DiscountTerms {
  channel: Channel;
  name: string;
  description?: string;
}

/**
 * Where an offering may be seen and where it may be bought. Visible-but-not-sellable is how an
 * offer is advertised on a channel that cannot take the order (e.g. SMS points to self-care).
 */
export interface ChannelRules {
  sellableOn: Channel[];
  visibleOn: Channel[];
  priceAlterations: ChannelPriceAlteration[];
}

const priceAlterationSchema = z
  .strictObject({
    ...discountTermsShape,
    channel: channelSchema,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
  })
  .superRefine(checkDiscountTerms);

const distinctChannels = z
  .array(channelSchema)
  .refine((list) => new Set(list).size === list.length, 'channels must not repeat');

export const channelRulesSchema = z
  .strictObject({
    sellableOn: distinctChannels,
    visibleOn: distinctChannels,
    priceAlterations: z.array(priceAlterationSchema),
  })
  .superRefine((rules, context) => {
    for (const channel of rules.sellableOn) {
      if (!rules.visibleOn.includes(channel)) {
        context.addIssue({
          code: 'custom',
          message: `sellable on ${channel} but not visible there: a customer cannot buy what they cannot see`,
          path: ['visibleOn'],
        });
      }
    }
    rules.priceAlterations.forEach((alteration, index) => {
      if (!rules.sellableOn.includes(alteration.channel)) {
        context.addIssue({
          code: 'custom',
          message: `price alteration "${alteration.name}" targets ${alteration.channel}, where the offering is not sellable`,
          path: ['priceAlterations', index, 'channel'],
        });
      }
    });
  });

export const noChannels: ChannelRules = { sellableOn: [], visibleOn: [], priceAlterations: [] };
