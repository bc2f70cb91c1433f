import { z } from 'zod';

/** The operator's list of phrases agents must say on a live call (LIVE_CALL_REQUIRED_PHRASES). */
export const requiredPhraseListSchema = z
  .array(
    z.strictObject({
      id: z.string().trim().min(1).max(64),
      label: z.string().trim().min(1).max(80),
      text: z.string().trim().min(3).max(300),
    }),
  )
  .max(20);
