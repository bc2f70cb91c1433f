import { z } from 'zod';

/** A reply an agent inserts with "/shortcut"; `{firstName}` becomes the customer's first name. */
export interface CannedReply {
  id: string;
  /** Typed after "/": lower-case letters, digits and dashes, unique. */
  shortcut: string;
  title: string;
  text: string;
  updatedBy: string;
  updatedAt: Date;
}

export const cannedReplyInputSchema = z
  .object({
    shortcut: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'letters, digits and dashes, up to 32'),
    title: z.string().trim().min(1).max(80),
    text: z.string().trim().min(1).max(1600),
  })
  .strict();
export type CannedReplyInput = z.infer<typeof cannedReplyInputSchema>;

export const cannedReplyPatchSchema = cannedReplyInputSchema.partial().strict();
export type CannedReplyPatch = z.infer<typeof cannedReplyPatchSchema>;
