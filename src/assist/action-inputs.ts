import { channelSchema, customerChannelSchema } from '../domain/shared/channel';
import { z } from 'zod';
import { discountKinds, discountTargets } from '../domain/catalog/discount';
import { dispositions } from '../domain/handovers/handover';
import { presenceStatuses } from '../domain/handovers/presence';

const id = z.string().trim().min(1).max(128);
const characteristics = z.record(
  z.string().min(1).max(64),
  z.union([z.string().max(256), z.number().finite()]),
);

export const handoverRefSchema = z.strictObject({ handoverId: id });

export const presenceInputSchema = z.strictObject({ status: z.enum(presenceStatuses) });

export const transferInputSchema = z
  .strictObject({ handoverId: id, toAgentId: id.optional(), toQueue: id.optional() })
  .refine((input) => (input.toAgentId === undefined) !== (input.toQueue === undefined), {
    message: 'Transfer to an agent (toAgentId) or to a queue (toQueue), not both',
  });

export const releaseInputSchema = z.strictObject({
  handoverId: id,
  note: z.string().trim().max(2000).optional(),
});

export const closeInputSchema = z.strictObject({
  handoverId: id,
  disposition: z.enum(dispositions),
  note: z.string().trim().min(1).max(2000),
});

export const openInputSchema = z.strictObject({
  customerId: id,
  channel: customerChannelSchema.default('voice'),
  reason: z.string().trim().min(1).max(200).default('opened by agent'),
  queue: id.optional(),
});

export const timelineInputSchema = z.strictObject({
  handoverId: id,
  channel: channelSchema.optional(),
  before: z.string().min(1).max(512).optional(),
});

export const cartAddSchema = z.strictObject({
  handoverId: id,
  offeringId: id,
  quantity: z.number().int().min(1).max(100).optional(),
  characteristics: characteristics.optional(),
});

export const cartUpdateSchema = z
  .strictObject({
    handoverId: id,
    itemId: id,
    quantity: z.number().int().min(1).max(100).optional(),
    characteristics: characteristics.optional(),
  })
  .refine((input) => input.quantity !== undefined || input.characteristics !== undefined, {
    message: 'Change the quantity, the characteristics or both',
  });

export const cartRemoveSchema = z.strictObject({ handoverId: id, itemId: id });

export const discountInputSchema = z.strictObject({
  handoverId: id,
  itemId: id,
  kind: z.enum(discountKinds),
  value: z.number().positive(),
  appliesTo: z.enum(discountTargets).optional(),
});

export const offerAcceptSchema = z.strictObject({
  handoverId: id,
  offeringId: id,
  characteristics: characteristics.optional(),
});

export const offerDismissSchema = z.strictObject({ handoverId: id, offeringId: id });

export const orderInputSchema = z.strictObject({ handoverId: id, consent: z.literal(true) });

export const messageInputSchema = z.strictObject({
  handoverId: id,
  text: z.string().trim().min(1).max(1600),
});

export const typingInputSchema = z.strictObject({ handoverId: id, on: z.boolean() });

export const reassignInputSchema = z.strictObject({ handoverId: id, toAgentId: id });

export const floorInputSchema = z.strictObject({});
