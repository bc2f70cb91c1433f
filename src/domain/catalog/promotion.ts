import { z } from 'zod';
import { channelSchema } from '../shared/channel';
import type { Channel } from '../shared/channel';
import { discountTermsSchema } from './discount';
import type { DiscountTerms } from './discount';
import { catalogIdSchema } from './tmf-common';
import { closedTimePeriodSchema } from './time-period';

/**
 * A time-boxed discount on one or more offerings. Tied to a campaign, it applies only to customers
 * reached by that campaign; restricted to channels, only there.
 */
export interface Promotion {
  id: string;
  name: string;
  description?: string;
  offeringIds: string[];
  discount: DiscountTerms;
  validFor: { startDateTime: string; endDateTime: string };
  campaignId?: string;
  channels?: Channel[];
}

const promotionFields = {
  id: catalogIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  offeringIds: z.array(catalogIdSchema).min(1),
  discount: discountTermsSchema,
  validFor: closedTimePeriodSchema,
  campaignId: catalogIdSchema.optional(),
  channels: z.array(channelSchema).min(1).optional(),
};

export const promotionCreateSchema = z.strictObject({
  ...promotionFields,
  id: promotionFields.id.optional(),
});

export const promotionPatchSchema = z.strictObject(promotionFields).omit({ id: true }).partial();

export type PromotionCreate = z.output<typeof promotionCreateSchema>;
export type PromotionPatch = z.output<typeof promotionPatchSchema>;
