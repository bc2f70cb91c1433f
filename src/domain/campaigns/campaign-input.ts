import { promotionChannelSchema } from '../shared/channel';
import { z } from 'zod';
import { audienceSchema } from './audience';
import { audienceBuilderSchema } from './audience-builder';
import { defaultQuietHours } from './campaign';
import { isValidTimeZone } from './quiet-hours';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

const timeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'use a time zone such as Europe/London');

export const quietHoursSchema = z.strictObject({
  allowedFrom: clockTime,
  allowedUntil: clockTime,
  /** Default: each recipient's own time zone. */
  timeZone: timeZone.optional(),
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
  /** The catalog promotion it sells; its offer and its campaign price come with it. */
  promotionId: z.string().trim().min(1).max(120).optional(),
  /** Required without a promotion. */
  offeringId: z.string().trim().min(1).max(120).optional(),
  template: z.string().min(1).max(1000),
  audience: audienceSchema.default({}),
  /** The console's builder form of the audience; when given, it is what `audience` becomes. */
  audienceBuilder: audienceBuilderSchema.optional(),
  /** Where it goes to those who opted in to promotions there; everyone else gets it by SMS. */
  channel: promotionChannelSchema.default('sms'),
  ratePerSecond: z.number().positive().max(1000).default(10),
  quietHours: quietHoursSchema.default(defaultQuietHours),
  maxSegments: z.number().int().min(1).max(10).default(2),
});
export type CreateCampaignInput = z.input<typeof createCampaignSchema>;

export const updateCampaignSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    offeringId: z.string().trim().min(1).max(120),
    template: z.string().min(1).max(1000),
    audience: audienceSchema,
    audienceBuilder: audienceBuilderSchema,
    channel: promotionChannelSchema,
    ratePerSecond: z.number().positive().max(1000),
    quietHours: quietHoursSchema,
    maxSegments: z.number().int().min(1).max(10),
  })
  .partial();
export type UpdateCampaignInput = z.input<typeof updateCampaignSchema>;

export const duplicateCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
});

export const testSendSchema = z.strictObject({
  /** The manager's own mobile number. */
  to: z.string().trim().min(5).max(20),
  firstName: z.string().trim().min(1).max(40).optional(),
});

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
  /** The builder form; when given, it is previewed (and its query answered) instead of `audience`. */
  builder: audienceBuilderSchema.optional(),
  sampleSize: z.number().int().min(0).max(20).default(5),
});

export const progressQuerySchema = z.object({
  /** Width of one bucket; default: the run's length in about 60 buckets (at least a second). */
  bucketSeconds: z.coerce.number().int().min(1).max(86_400).optional(),
});
