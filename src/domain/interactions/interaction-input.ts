import { SYSTEM_CHANNEL } from './interaction';
import { z } from 'zod';
import { channels } from '../shared/channel';
import { interactionDirections, interactionKinds } from './interaction';
import { interactionRefTypes } from './models';

export const partyRefSchema = z.union([
  z.strictObject({ customerId: z.string().min(1), visitorId: z.undefined().optional() }),
  z.strictObject({ visitorId: z.string().min(1), customerId: z.undefined().optional() }),
]);

export const interactionChannelSchema = z.enum([...channels, SYSTEM_CHANNEL]);

export const newInteractionSchema = z.strictObject({
  party: partyRefSchema,
  kind: z.enum(interactionKinds),
  channel: interactionChannelSchema,
  direction: z.enum(interactionDirections),
  summary: z.string().trim().min(1).max(500),
  conversationId: z.string().min(1).max(200).optional(),
  ref: z.strictObject({ type: z.enum(interactionRefTypes), id: z.string().min(1) }).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  dedupeKey: z.string().min(1).max(300).optional(),
  occurredAt: z.coerce.date().optional(),
});

export const timelineOptionsSchema = z.strictObject({
  before: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  channel: interactionChannelSchema.optional(),
  kind: z.enum(interactionKinds).optional(),
});
export type TimelineOptions = z.input<typeof timelineOptionsSchema>;
