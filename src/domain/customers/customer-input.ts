import { z } from 'zod';
import {
  consentPurposes,
  consentSources,
  consentStatuses,
  customerSegments,
  customerStatuses,
  identityChannels,
  subscriptionStatuses,
} from './customer';
import type { ConsentPurpose } from './customer';
import { tryNormalisePhone } from '../shared/phone';

/** A BCP 47 tag in its canonical spelling (`en-gb` → `en-GB`). */
export const languageTagSchema = z.string().transform((value, context) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  context.issues.push({
    code: 'custom',
    message: 'must be a BCP 47 language tag such as en-GB',
    input: value,
  });
  return z.NEVER;
});

/** An IANA time zone the runtime knows (`Europe/London`). */
export const timeZoneSchema = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');

/** Any way of writing a phone number, stored as E.164. */
export const phoneSchema = z.string().transform((value, context) => {
  const e164 = tryNormalisePhone(value);
  if (e164) return e164;
  context.issues.push({
    code: 'custom',
    message: `"${value}" is not a phone number`,
    input: value,
  });
  return z.NEVER;
});

export const customerNameSchema = z.strictObject({
  given: z.string().trim().min(1).max(100),
  family: z.string().trim().max(100).default(''),
});

const characteristicValue = z.union([z.string(), z.number()]);

export const subscriptionInputSchema = z.strictObject({
  id: z.string().min(1).optional(),
  offeringId: z.string().min(1),
  offeringName: z.string().min(1),
  isPlan: z.boolean(),
  status: z.enum(subscriptionStatuses).default('active'),
  characteristics: z.record(z.string(), characteristicValue).default(() => ({})),
  startDate: z.coerce.date(),
});

/** `self-care` is accepted as a spelling of the `selfcare` channel. */
export const consentSourceSchema = z.preprocess(
  (value) => (value === 'self-care' ? 'selfcare' : value),
  z.enum(consentSources),
);

export const consentDecisionSchema = z.strictObject({
  status: z.enum(consentStatuses),
  source: consentSourceSchema,
  at: z.coerce.date().optional(),
});
export type ConsentDecision = z.input<typeof consentDecisionSchema>;

/** One optional decision per marketing consent (`smsMarketing`, `whatsappMarketing`…). */
const consentDecisionFields = Object.fromEntries(
  consentPurposes.map((purpose) => [purpose, consentDecisionSchema.optional()]),
) as Record<ConsentPurpose, z.ZodOptional<typeof consentDecisionSchema>>;

export const identityInputSchema = z.strictObject({
  channel: z.enum(identityChannels),
  handle: z.string().trim().min(1).max(200),
});

const regionSchema = z.string().trim().min(2).max(20);

export const createCustomerSchema = z.strictObject({
  /** Only imports and seeds choose ids; everyone else gets a generated one. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,64}$/)
    .optional(),
  name: customerNameSchema,
  status: z.enum(customerStatuses).default('active'),
  segment: z.enum(customerSegments).default('consumer'),
  language: languageTagSchema,
  timezone: timeZoneSchema,
  region: regionSchema,
  mobile: phoneSchema.optional(),
  email: z.email().optional(),
  customerSince: z.coerce.date().optional(),
  subscriptions: z.array(subscriptionInputSchema).default(() => []),
  ...consentDecisionFields,
  identities: z.array(identityInputSchema).default(() => []),
});
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;

/** Fields set to null are removed (only the optional contact media may be). */
export const updateCustomerSchema = z.strictObject({
  name: customerNameSchema.partial().optional(),
  status: z.enum(customerStatuses).optional(),
  segment: z.enum(customerSegments).optional(),
  language: languageTagSchema.optional(),
  timezone: timeZoneSchema.optional(),
  region: regionSchema.optional(),
  mobile: phoneSchema.nullable().optional(),
  email: z.email().nullable().optional(),
  customerSince: z.coerce.date().optional(),
  ...consentDecisionFields,
});
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;
