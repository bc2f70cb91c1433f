import { z } from 'zod';
import { tmfRefExtras } from '../shared/tmf-ref';
import { AppError } from '../shared/errors';
import type { Customer, CustomerName, CustomerSegment } from './customer';
import { consentPurposes, consentStatuses, customerStatuses, displayName } from './customer';
import type { ConsentPurpose } from './customer';
import { consentSourceSchema } from './customer-input';
import type { CreateCustomerInput, UpdateCustomerInput } from './customer-input';

export const CUSTOMER_BASE_PATH = '/tmf-api/customerManagement/v4/customer';

/**
 * TMF629 v4 Customer. Profile facts without a TMF629 attribute travel as `characteristic`
 * (segment, language, timezone, region, givenName, familyName); what the sales service adds to
 * the standard resource (subscriptions, consent, identities) is an extension of `Customer`.
 */
export interface TmfCustomer extends Record<string, unknown> {
  id: string;
  href: string;
  '@type': 'Customer';
  name: string;
  status: Customer['status'];
  validFor: { startDateTime: string };
  engagedParty: { id: string; name: string; '@referredType': 'Individual' | 'Organization' };
  contactMedium: TmfContactMedium[];
  characteristic: Array<{ name: string; valueType: 'string'; value: string }>;
  subscription: Array<{
    id: string;
    productOffering: { id: string; name: string; '@referredType': 'ProductOffering' };
    isPlan: boolean;
    status: string;
    characteristic: Array<{ name: string; value: string | number }>;
    startDate: string;
    endDate?: string;
  }>;
  marketingConsent: Partial<
    Record<ConsentPurpose, { status: string; at: string; source: string }>
  > & {
    history: Array<{ purpose: string; status: string; at: string; source: string }>;
  };
  identity: Array<{ channel: string; handle: string; addedAt: string }>;
  lastUpdate: string;
}

interface TmfContactMedium {
  mediumType: 'mobile' | 'email';
  preferred: boolean;
  characteristic: { contactType: string; phoneNumber?: string; emailAddress?: string };
}

export function customerHref(customerId: string): string {
  return `${CUSTOMER_BASE_PATH}/${encodeURIComponent(customerId)}`;
}

export function toTmfCustomer(customer: Customer): TmfCustomer {
  const name = displayName(customer.name);
  const contactMedium: TmfContactMedium[] = [];
  if (customer.mobile) {
    contactMedium.push({
      mediumType: 'mobile',
      preferred: true,
      characteristic: { contactType: 'mobile', phoneNumber: customer.mobile },
    });
  }
  if (customer.email) {
    contactMedium.push({
      mediumType: 'email',
      preferred: !customer.mobile,
      characteristic: { contactType: 'email', emailAddress: customer.email },
    });
  }
  const facts: Array<[string, string]> = [
    ['givenName', customer.name.given],
    ['familyName', customer.name.family],
    ['segment', customer.segment],
    ['language', customer.language],
    ['timezone', customer.timezone],
    ['region', customer.region],
  ];
  return {
    id: customer.id,
    href: customerHref(customer.id),
    '@type': 'Customer',
    name,
    status: customer.status,
    validFor: { startDateTime: customer.customerSince.toISOString() },
    engagedParty: {
      id: customer.id,
      name,
      '@referredType': customer.segment === 'business' ? 'Organization' : 'Individual',
    },
    contactMedium,
    characteristic: facts.map(([factName, value]) => ({
      name: factName,
      valueType: 'string',
      value,
    })),
    subscription: customer.subscriptions.map((subscription) => ({
      id: subscription.id,
      productOffering: {
        id: subscription.offeringId,
        name: subscription.offeringName,
        '@referredType': 'ProductOffering',
      },
      isPlan: subscription.isPlan,
      status: subscription.status,
      characteristic: Object.entries(subscription.characteristics).map(([key, value]) => ({
        name: key,
        value,
      })),
      startDate: subscription.startDate.toISOString(),
      ...(subscription.endDate ? { endDate: subscription.endDate.toISOString() } : {}),
    })),
    marketingConsent: {
      ...Object.fromEntries(
        consentPurposes.flatMap((purpose) => {
          const state = customer.consent[purpose];
          return state
            ? [
                [
                  purpose,
                  { status: state.status, at: state.at.toISOString(), source: state.source },
                ],
              ]
            : [];
        }),
      ),
      history: customer.consent.history.map((entry) => ({
        purpose: entry.purpose,
        status: entry.status,
        at: entry.at.toISOString(),
        source: entry.source,
      })),
    },
    identity: customer.identities.map((identity) => ({
      channel: identity.channel,
      handle: identity.handle,
      addedAt: identity.addedAt.toISOString(),
    })),
    lastUpdate: customer.lastUpdate.toISOString(),
  };
}

const characteristicNames = [
  'givenName',
  'familyName',
  'segment',
  'language',
  'timezone',
  'region',
] as const;

const polymorphism = {
  '@type': z.literal('Customer').optional(),
  '@baseType': z.string().optional(),
  '@schemaLocation': z.string().optional(),
};

const contactMediumSchema = z.strictObject({
  mediumType: z.enum(['mobile', 'email']),
  preferred: z.boolean().optional(),
  characteristic: z.strictObject({
    contactType: z.string().optional(),
    phoneNumber: z.string().optional(),
    emailAddress: z.string().optional(),
  }),
  '@type': z.string().optional(),
});

const characteristicSchema = z.strictObject({
  name: z.enum(characteristicNames),
  value: z.string(),
  valueType: z.string().optional(),
  '@type': z.string().optional(),
});

const engagedPartySchema = z.strictObject({
  ...tmfRefExtras,
  id: z.string().optional(),
  '@referredType': z.enum(['Individual', 'Organization']),
});

const consentDecisionSchema = z.strictObject({
  status: z.enum(consentStatuses),
  source: consentSourceSchema,
});

/** One optional decision per marketing consent (`smsMarketing`, `whatsappMarketing`…). */
const consentSchema = z.strictObject(
  Object.fromEntries(
    consentPurposes.map((purpose) => [purpose, consentDecisionSchema.optional()]),
  ) as Record<ConsentPurpose, z.ZodOptional<typeof consentDecisionSchema>>,
);

const tmfCustomerFields = {
  name: z.string().trim().min(1).max(200),
  status: z.enum(customerStatuses),
  engagedParty: engagedPartySchema,
  contactMedium: z.array(contactMediumSchema).max(10),
  characteristic: z.array(characteristicSchema).max(20),
  validFor: z.strictObject({
    startDateTime: z.coerce.date().optional(),
    endDateTime: z.coerce.date().optional(),
  }),
  marketingConsent: consentSchema,
  ...polymorphism,
};

export const tmfCustomerCreateSchema = z.strictObject(tmfCustomerFields).partial({
  status: true,
  engagedParty: true,
  contactMedium: true,
  characteristic: true,
  validFor: true,
  marketingConsent: true,
});

export const tmfCustomerPatchSchema = z.strictObject(tmfCustomerFields).partial();

type TmfCustomerCreate = z.infer<typeof tmfCustomerCreateSchema>;
type TmfCustomerPatch = z.infer<typeof tmfCustomerPatchSchema>;

function definedDecisions(
  consent: z.infer<typeof consentSchema> | undefined,
): Partial<Record<ConsentPurpose, z.infer<typeof consentDecisionSchema>>> {
  const decisions: Partial<Record<ConsentPurpose, z.infer<typeof consentDecisionSchema>>> = {};
  for (const purpose of consentPurposes) {
    const decision = consent?.[purpose];
    if (decision) decisions[purpose] = decision;
  }
  return decisions;
}

export function fromTmfCustomerCreate(body: unknown): CreateCustomerInput {
  const tmf: TmfCustomerCreate = tmfCustomerCreateSchema.parse(body);
  const facts = characteristicMap(tmf.characteristic);
  const segment = segmentOf(facts.segment, tmf.engagedParty?.['@referredType']) ?? 'consumer';
  const media = contactMediaOf(tmf.contactMedium);
  if (!facts.language || !facts.timezone || !facts.region) {
    throw new AppError(
      'VALIDATION_FAILED',
      'characteristic must include language, timezone and region',
      { required: ['language', 'timezone', 'region'] },
    );
  }
  return {
    name: nameOf(tmf.name, facts, segment),
    ...(tmf.status ? { status: tmf.status } : {}),
    segment,
    language: facts.language,
    timezone: facts.timezone,
    region: facts.region,
    ...(media.mobile ? { mobile: media.mobile } : {}),
    ...(media.email ? { email: media.email } : {}),
    ...(tmf.validFor?.startDateTime ? { customerSince: tmf.validFor.startDateTime } : {}),
    ...definedDecisions(tmf.marketingConsent),
  };
}

/** A merge patch: attributes present replace, `contactMedium` replaces the whole list. */
export function fromTmfCustomerPatch(body: unknown, current: Customer): UpdateCustomerInput {
  const tmf: TmfCustomerPatch = tmfCustomerPatchSchema.parse(body);
  const facts = characteristicMap(tmf.characteristic);
  const segment = segmentOf(facts.segment, tmf.engagedParty?.['@referredType']);
  const update: UpdateCustomerInput = {};
  if (tmf.name || facts.givenName !== undefined || facts.familyName !== undefined) {
    update.name = nameOf(tmf.name ?? displayName(current.name), facts, segment ?? current.segment);
  }
  if (tmf.status) update.status = tmf.status;
  if (segment) update.segment = segment;
  if (facts.language) update.language = facts.language;
  if (facts.timezone) update.timezone = facts.timezone;
  if (facts.region) update.region = facts.region;
  if (tmf.validFor?.startDateTime) update.customerSince = tmf.validFor.startDateTime;
  if (tmf.contactMedium) {
    const media = contactMediaOf(tmf.contactMedium);
    update.mobile = media.mobile ?? null;
    update.email = media.email ?? null;
  }
  Object.assign(update, definedDecisions(tmf.marketingConsent));
  return update;
}

function characteristicMap(
  characteristic: TmfCustomerCreate['characteristic'],
): Partial<Record<(typeof characteristicNames)[number], string>> {
  return Object.fromEntries((characteristic ?? []).map((entry) => [entry.name, entry.value]));
}

function segmentOf(
  fact: string | undefined,
  referredType: 'Individual' | 'Organization' | undefined,
): CustomerSegment | undefined {
  if (fact === 'consumer' || fact === 'business') return fact;
  if (fact !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'characteristic segment must be consumer or business');
  }
  if (referredType) return referredType === 'Organization' ? 'business' : 'consumer';
  return undefined;
}

/** givenName/familyName when given; else a person's name splits at its last space, a company's not at all. */
function nameOf(
  fullName: string,
  facts: Partial<Record<string, string>>,
  segment: CustomerSegment,
): CustomerName {
  if (facts.givenName) return { given: facts.givenName, family: facts.familyName ?? '' };
  const trimmed = fullName.trim();
  const lastSpace = trimmed.lastIndexOf(' ');
  if (segment === 'business' || lastSpace < 0)
    return { given: trimmed, family: facts.familyName ?? '' };
  return { given: trimmed.slice(0, lastSpace), family: trimmed.slice(lastSpace + 1) };
}

function contactMediaOf(media: TmfCustomerCreate['contactMedium']): {
  mobile?: string;
  email?: string;
} {
  const mobile = media?.find((medium) => medium.mediumType === 'mobile')?.characteristic
    .phoneNumber;
  const email = media?.find((medium) => medium.mediumType === 'email')?.characteristic.emailAddress;
  return { ...(mobile ? { mobile } : {}), ...(email ? { email } : {}) };
}
