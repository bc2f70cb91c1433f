import { z } from 'zod';
import { tmfRefSchema } from '../shared/tmf-ref';

/** TMF620 v4 lifecycle states shared by offerings, specifications and prices. */
export const lifecycleStatuses = [
  'In study',
  'In design',
  'In test',
  'Active',
  'Launched',
  'Retired',
  'Obsolete',
  'Rejected',
] as const;

export type LifecycleStatus = (typeof lifecycleStatuses)[number];

export const lifecycleStatusSchema = z.enum(lifecycleStatuses);

/**
 * TMF620 leaves the meaning of "Active" to the operator; here it means "approved and orderable",
 * like "Launched", so a catalog manager can open an item for sale without a marketing launch.
 */
const sellableStatuses: ReadonlySet<LifecycleStatus> = new Set(['Active', 'Launched']);

export function isSellableStatus(status: LifecycleStatus): boolean {
  return sellableStatuses.has(status);
}

/** Catalog ids travel in URLs and MongoDB keys: keep them to a safe, readable alphabet. */
export const catalogIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'may contain letters, digits and . _ : - only');

export interface EntityRef {
  id: string;
  href?: string;
  name?: string;
  version?: string;
  '@referredType'?: string;
  '@type'?: string;
  '@baseType'?: string;
  '@schemaLocation'?: string;
}

/** Every TMF620 reference (productSpecification, productOfferingPrice, category, bundles...). */
export const entityRefSchema = tmfRefSchema(catalogIdSchema);

/** TMF polymorphism fields a client may send on any resource; accepted and kept, never interpreted. */
export const tmfPolymorphicFields = {
  '@type': z.string().optional(),
  '@baseType': z.string().optional(),
  '@schemaLocation': z.string().optional(),
};

export const versionSchema = z.string().min(1).max(32);
