import { z } from 'zod';

/**
 * The fields TMF630 lets any reference carry (EntityRef: id, href, name, @referredType, plus the
 * polymorphism trio, and a version for versioned catalog resources). We identify by `id` only;
 * the rest is accepted so a client can send back what it read, and is never interpreted.
 */
export const tmfRefExtras = {
  href: z.string().max(2000).optional(),
  name: z.string().max(200).optional(),
  version: z.string().max(32).optional(),
  '@referredType': z.string().max(100).optional(),
  '@type': z.string().max(100).optional(),
  '@baseType': z.string().max(100).optional(),
  '@schemaLocation': z.string().max(2000).optional(),
};

/** A TMF reference whose `id` matches `id` (a catalog id, a cart id...). */
export function tmfRefSchema<I extends z.ZodTypeAny>(id: I) {
  return z.strictObject({ id, ...tmfRefExtras });
}
