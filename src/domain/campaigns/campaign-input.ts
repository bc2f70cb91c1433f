import { z } from 'zod';
import { audienceSchema } from './audience';
import { defaultQuietHours } from './campaign';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

export const quietHoursSchema = z.strictObject({
  allowedFrom: clockTime,
  allowedUntil: clockTime,
});

export const createCampaignSchema = z.strictObject({
  /**
   * Optional: the id a catalog promotion names in its `campaignId` (e.g. `cmp-summer-data-double`),
   * so that the promotion's campaign price applies to those the campaign reached. Default: generated.
   */
  id: z
    .string()
    .regex(/^cmp[-_][A-Za-z0-9_-]{3,80}$/, 'campaign ids look like cmp-summer-data-double')
    .optional(),
  name: z.string().trim().min(1).max(120),
  offeringId: z.string().trim().min(1).max(120),
  template: z.string().min(1).max(1000),
  audience: audienceSchema.default({}),
  ratePerSecond: z.number().positive().max(1000).default(10),
  quietHours: quietHoursSchema.default(defaultQuietHours),
  maxSegments: z.number().int().min(1).max(10).default(2),
});
export type CreateCampaignInput = z.input<typeof createCampaignSchema>;

export const scheduleCampaignSchema = z.strictObject({
  /** Default: now. */
  startAt: z.coerce.date().optional(),
  /** Recurring: start again every this many days (each run reaches audience members not yet messaged). */
  everyDays: z.number().int().min(1).max(365).optional(),
});
export type ScheduleCampaignInput = z.input<typeof scheduleCampaignSchema>;

export const messageCheckSchema = z.strictObject({
  template: z.string().min(1).max(1000),
  offeringId: z.string().trim().min(1).max(120).optional(),
  maxSegments: z.number().int().min(1).max(10).default(2),
});

export const audiencePreviewSchema = z.strictObject({
  audience: audienceSchema.default({}),
  sampleSize: z.number().int().min(0).max(20).default(5),
});
