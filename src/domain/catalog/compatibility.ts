import { z } from 'zod';
import { catalogIdSchema } from './tmf-common';

/**
 * How an offering combines with what the customer already has or is buying:
 * - `requires`: at least ONE of these must be subscribed or in the cart (an add-on needs some plan);
 * - `excludes`: NONE of these may be. Exclusion is symmetric in a catalog snapshot: if A excludes B,
 *   B is also unavailable next to A, whichever side declared it.
 */
export interface Compatibility {
  requires: string[];
  excludes: string[];
}

export const compatibilitySchema = z
  .strictObject({ requires: z.array(catalogIdSchema), excludes: z.array(catalogIdSchema) })
  .refine((rules) => !rules.requires.some((id) => rules.excludes.includes(id)), {
    message: 'an offering cannot both require and exclude the same offering',
    path: ['excludes'],
  });

export const noCompatibilityRules: Compatibility = { requires: [], excludes: [] };

/** True when nothing is required or at least one requirement is held. */
export function requirementsMet(requires: readonly string[], held: ReadonlySet<string>): boolean {
  return requires.length === 0 || requires.some((id) => held.has(id));
}

export function conflictsWith(excludes: readonly string[], held: ReadonlySet<string>): string[] {
  return excludes.filter((id) => held.has(id));
}
