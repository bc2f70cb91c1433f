import { z } from 'zod';

export const customerSegments = ['consumer', 'business'] as const;
export type CustomerSegment = (typeof customerSegments)[number];

/**
 * What the catalog may know about a customer when deciding what to offer. It is the document that
 * eligibility rules (MongoDB queries) are evaluated against, so field names are part of the rule
 * language: rename nothing without migrating stored rules.
 *
 * A type alias rather than an interface so it is assignable to the plain-object type mingo expects.
 */
export type CustomerContext = {
  customerId?: string;
  segment: CustomerSegment;
  /** Offering ids of the customer's current base plans (a subset of subscriptionOfferingIds). */
  currentPlanIds: string[];
  /** Offering ids of everything the customer subscribes to now: plans, add-ons, bundles. */
  subscriptionOfferingIds: string[];
  tenureMonths: number;
  /** Operator-defined region code, e.g. an ISO 3166 country or a domestic zone. */
  region: string;
  campaignIds: string[];
  /** BCP 47 language tag, e.g. `en-IE`. */
  language: string;
  /** Operator-specific facts rules may use (`attributes.creditClass`) without a schema change. */
  attributes?: Record<string, string | number | boolean>;
};

export const customerContextSchema = z.strictObject({
  customerId: z.string().min(1).optional(),
  segment: z.enum(customerSegments),
  currentPlanIds: z.array(z.string()),
  subscriptionOfferingIds: z.array(z.string()),
  tenureMonths: z.number().int().nonnegative(),
  region: z.string().min(1),
  campaignIds: z.array(z.string()),
  language: z.string().min(2),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
