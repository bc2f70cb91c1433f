import type { z } from 'zod';
import { eligibilityRuleSchema } from '../catalog/eligibility';

/**
 * An audience is a MongoDB query over stored customer fields (`segment`, `region`,
 * `subscriptions.offeringId`, `customerSince`…), checked with the catalog's rule checker: no
 * operator that runs JavaScript. Consent is not part of it: it is checked at the moment of sending.
 */
export const audienceSchema = eligibilityRuleSchema.refine(
  (query) => JSON.stringify(query).length <= 10_000,
  'The audience query is too long',
);
export type AudienceQuery = z.infer<typeof audienceSchema>;

/** Only customers who can receive an SMS at all, and whose account is not closed. */
const reachable = { mobile: { $exists: true }, status: { $ne: 'closed' } };

export function audienceFilter(audience: AudienceQuery): Record<string, unknown> {
  return Object.keys(audience).length === 0 ? reachable : { $and: [reachable, audience] };
}

/** The audience members after `afterId`, for walking it in `_id` order. */
export function audiencePageFilter(
  audience: AudienceQuery,
  afterId: string | undefined,
): Record<string, unknown> {
  const base = audienceFilter(audience);
  return afterId === undefined ? base : { $and: [base, { _id: { $gt: afterId } }] };
}

/** The audience members of one chunk: `_id` in [fromId, toId]. */
export function audienceRangeFilter(
  audience: AudienceQuery,
  fromId: string,
  toId: string,
): Record<string, unknown> {
  return { $and: [audienceFilter(audience), { _id: { $gte: fromId, $lte: toId } }] };
}
