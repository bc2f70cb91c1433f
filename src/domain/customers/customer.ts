import { channels, identifiedChannels, marketingConsentKinds } from '../shared/channel';
import type { Channel, IdentifiedChannel, MarketingConsentKind } from '../shared/channel';
import type { CustomerSegment } from '../catalog/customer-context';
import { customerSegments } from '../catalog/customer-context';

export { customerSegments };
export type { CustomerSegment };

/** TMF629-like lifecycle; see `customer-status.ts` for the legal moves. */
export const customerStatuses = [
  'initialized',
  'validated',
  'active',
  'inactive',
  'closed',
] as const;
export type CustomerStatus = (typeof customerStatuses)[number];

export const subscriptionStatuses = ['active', 'suspended', 'terminated'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** A product the customer already has (what TMF637 would call a product in her inventory). */
export interface Subscription {
  id: string;
  offeringId: string;
  offeringName: string;
  /** A base plan (as opposed to an add-on); catalog eligibility reads plans separately. */
  isPlan: boolean;
  status: SubscriptionStatus;
  characteristics: Record<string, string | number>;
  startDate: Date;
  endDate?: Date;
  /** The order that created or last changed it. */
  orderId?: string;
}

/** Channels on which a handle identifies a person; `agent` never does. */
export const identityChannels = identifiedChannels;
export type IdentityChannel = IdentifiedChannel;

export interface Identity {
  channel: IdentityChannel;
  /** E.164 on the phone channels, the portal account id for selfcare, the visitor handle for webchat. */
  handle: string;
  addedAt: Date;
}

export const consentStatuses = ['opted-in', 'opted-out'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

/**
 * Where a consent decision came from: a channel (`selfcare` is the self-care portal, `agent` a human
 * in the call centre), a bulk import, or a STOP/START keyword answered by SMS.
 */
export const consentSources = [...channels, 'import', 'sms-keyword'] as const;
export type ConsentSource = Channel | 'import' | 'sms-keyword';

export interface ConsentState {
  status: ConsentStatus;
  at: Date;
  source: ConsentSource;
}

export interface ConsentHistoryEntry extends ConsentState {
  purpose: ConsentPurpose;
}

/** One consent per marketing kind the channel registry names: `smsMarketing`, `whatsappMarketing`. */
export type ConsentPurpose = `${MarketingConsentKind}Marketing`;

export function marketingPurposeOf(kind: MarketingConsentKind): ConsentPurpose {
  return `${kind}Marketing`;
}

export const consentPurposes = marketingConsentKinds.map(marketingPurposeOf) as [
  ConsentPurpose,
  ...ConsentPurpose[],
];

export type Consent = { [P in ConsentPurpose]?: ConsentState } & {
  history: ConsentHistoryEntry[];
};

export interface CustomerName {
  given: string;
  family: string;
}

export interface Customer {
  id: string;
  name: CustomerName;
  status: CustomerStatus;
  segment: CustomerSegment;
  /** BCP 47, e.g. `en-GB`. */
  language: string;
  /** IANA, e.g. `Europe/London`. */
  timezone: string;
  region: string;
  mobile?: string;
  email?: string;
  customerSince: Date;
  subscriptions: Subscription[];
  consent: Consent;
  identities: Identity[];
  createdAt: Date;
  lastUpdate: Date;
  version: number;
}

export function displayName(name: CustomerName): string {
  return `${name.given} ${name.family}`.trim();
}
