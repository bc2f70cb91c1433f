import { z } from 'zod';
import { channelRulesSchema, noChannels } from './channel-rules';
import type { ChannelRules } from './channel-rules';
import { compatibilitySchema, noCompatibilityRules } from './compatibility';
import type { Compatibility } from './compatibility';
import { eligibilityRuleSchema } from './eligibility';
import type { EligibilityRule } from './eligibility';
import {
  catalogIdSchema,
  entityRefSchema,
  lifecycleStatusSchema,
  tmfPolymorphicFields,
  versionSchema,
} from './tmf-common';
import type { EntityRef, LifecycleStatus } from './tmf-common';
import { timePeriodSchema } from './time-period';
import type { TimePeriod } from './time-period';

/**
 * TMF620 v4 ProductOffering plus this operator's extension, held centrally on the offering so
 * every channel reads the same rules: `channelRules`, `eligibility` (+ its wording for people),
 * and `compatibility`.
 */
export interface ProductOffering {
  id: string;
  href?: string;
  name: string;
  description?: string;
  version: string;
  lastUpdate: string;
  lifecycleStatus: LifecycleStatus;
  isBundle: boolean;
  bundledProductOffering: EntityRef[];
  validFor?: TimePeriod;
  productSpecification?: EntityRef;
  productOfferingPrice: EntityRef[];
  category: EntityRef[];
  channelRules: ChannelRules;
  eligibility: EligibilityRule;
  /** Plain-language version of `eligibility`, shown to customers and agents when it excludes someone. */
  eligibilityDescription?: string;
  compatibility: Compatibility;
}

const offeringFields = {
  ...tmfPolymorphicFields,
  id: catalogIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  version: versionSchema,
  lifecycleStatus: lifecycleStatusSchema,
  isBundle: z.boolean(),
  bundledProductOffering: z.array(entityRefSchema),
  validFor: timePeriodSchema.optional(),
  productSpecification: entityRefSchema.optional(),
  productOfferingPrice: z.array(entityRefSchema),
  category: z.array(entityRefSchema),
  channelRules: channelRulesSchema,
  eligibility: eligibilityRuleSchema,
  eligibilityDescription: z.string().max(500).optional(),
  compatibility: compatibilitySchema,
};

type BundleShape = Pick<ProductOffering, 'isBundle' | 'bundledProductOffering'> & { id?: string };

/** Shared by the create schema and by services validating a patched offering. */
export function bundleShapeIssues(offering: BundleShape): string[] {
  const issues: string[] = [];
  if (offering.isBundle && offering.bundledProductOffering.length === 0) {
    issues.push('a bundle must list its bundledProductOffering');
  }
  if (!offering.isBundle && offering.bundledProductOffering.length > 0) {
    issues.push('bundledProductOffering is only allowed when isBundle is true');
  }
  if (
    offering.id !== undefined &&
    offering.bundledProductOffering.some((ref) => ref.id === offering.id)
  ) {
    issues.push('a bundle cannot contain itself');
  }
  return issues;
}

export const productOfferingCreateSchema = z
  .strictObject({
    ...offeringFields,
    id: offeringFields.id.optional(),
    version: offeringFields.version.default('1.0'),
    lifecycleStatus: offeringFields.lifecycleStatus.default('In design'),
    isBundle: offeringFields.isBundle.default(false),
    bundledProductOffering: offeringFields.bundledProductOffering.default(() => []),
    productOfferingPrice: offeringFields.productOfferingPrice.default(() => []),
    category: offeringFields.category.default(() => []),
    // Invisible everywhere until a catalog manager decides otherwise: the safe default for a new offer.
    channelRules: offeringFields.channelRules.default(() => structuredClone(noChannels)),
    eligibility: offeringFields.eligibility.default(() => ({})),
    compatibility: offeringFields.compatibility.default(() =>
      structuredClone(noCompatibilityRules),
    ),
  })
  .superRefine((offering, context) => {
    for (const message of bundleShapeIssues(offering)) {
      context.addIssue({ code: 'custom', message, path: ['bundledProductOffering'] });
    }
  });

/** Fields only; the service re-checks `bundleShapeIssues` on the merged offering. */
export const productOfferingPatchSchema = z
  .strictObject(offeringFields)
  .omit({ id: true })
  .partial();

export type ProductOfferingCreate = z.output<typeof productOfferingCreateSchema>;
export type ProductOfferingPatch = z.output<typeof productOfferingPatchSchema>;
