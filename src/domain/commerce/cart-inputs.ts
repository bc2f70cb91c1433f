import { z } from 'zod';
import { discountKinds, discountTargets } from '../catalog/discount';
import { channelSchema } from '../shared/channel';
import { agentRoles } from './pricing-agent-discount';
import { cartItemActions } from './pricing';

const characteristicsSchema = z.record(
  z.string().min(1).max(64),
  z.union([z.string().max(256), z.number().finite()]),
);

/** Who changes the cart and from where; `expectedVersion` turns the retry into a refusal on conflict. */
export const changeContextSchema = z.strictObject({
  channel: channelSchema,
  actorId: z.string().min(1).max(128).optional(),
  expectedVersion: z.number().int().nonnegative().optional(),
  conversationId: z.string().min(1).max(128).optional(),
});
export type ChangeContext = z.infer<typeof changeContextSchema>;

export const newCartItemSchema = z
  .strictObject({
    action: z.enum(cartItemActions).default('add'),
    offeringId: z.string().min(1).max(128),
    subscriptionId: z.string().min(1).max(128).optional(),
    quantity: z.number().int().min(1).max(100).default(1),
    characteristics: characteristicsSchema.default({}),
  })
  .refine((item) => item.action === 'add' || item.subscriptionId !== undefined, {
    message: 'modify and delete items name the subscription they change (subscriptionId)',
    path: ['subscriptionId'],
  });
export type NewCartItem = z.input<typeof newCartItemSchema>;

export const cartItemUpdateSchema = z
  .strictObject({
    quantity: z.number().int().min(1).max(100).optional(),
    characteristics: characteristicsSchema.optional(),
  })
  .refine((update) => update.quantity !== undefined || update.characteristics !== undefined, {
    message: 'change the quantity, the characteristics or both',
  });
export type CartItemUpdate = z.input<typeof cartItemUpdateSchema>;

/** The discount an agent asks for; the role comes from the authenticated agent, never from here. */
export const agentDiscountRequestSchema = z.strictObject({
  kind: z.enum(discountKinds),
  value: z.number().positive(),
  appliesTo: z.enum(discountTargets).optional(),
  grantedByRole: z.enum(agentRoles),
});
export type AgentDiscountRequest = z.infer<typeof agentDiscountRequestSchema>;

/** A whole item list (TMF663 PATCH): items with a known id are kept or changed, the rest are added. */
export const replacementItemSchema = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  action: z.enum(cartItemActions).default('add'),
  offeringId: z.string().min(1).max(128),
  subscriptionId: z.string().min(1).max(128).optional(),
  quantity: z.number().int().min(1).max(100).default(1),
  characteristics: characteristicsSchema.default({}),
});
export type ReplacementItem = z.input<typeof replacementItemSchema>;
