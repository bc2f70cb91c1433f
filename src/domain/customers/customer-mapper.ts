import { consentPurposes } from './customer';
import type { Consent, ConsentState, Customer } from './customer';
import type { CustomerDocument } from './models';

/** Each marketing consent she has a state for, copied field by field (no storage extras). */
function consentStatesOf(
  consent: Consent | undefined,
): Partial<Record<keyof Consent, ConsentState>> {
  const states: Partial<Record<keyof Consent, ConsentState>> = {};
  for (const purpose of consentPurposes) {
    const state = consent?.[purpose];
    if (state) states[purpose] = { status: state.status, at: state.at, source: state.source };
  }
  return states;
}

/** The domain view of a stored customer (drops storage-only fields such as identityKeys). */
export function toCustomer(doc: CustomerDocument): Customer {
  return {
    id: doc._id,
    name: { given: doc.name.given, family: doc.name.family ?? '' },
    status: doc.status,
    segment: doc.segment,
    language: doc.language,
    timezone: doc.timezone,
    region: doc.region,
    ...(doc.mobile ? { mobile: doc.mobile } : {}),
    ...(doc.email ? { email: doc.email } : {}),
    customerSince: doc.customerSince,
    subscriptions: (doc.subscriptions ?? []).map((subscription) => ({
      id: subscription.id,
      offeringId: subscription.offeringId,
      offeringName: subscription.offeringName,
      isPlan: subscription.isPlan,
      status: subscription.status,
      characteristics: { ...(subscription.characteristics ?? {}) },
      startDate: subscription.startDate,
      ...(subscription.endDate ? { endDate: subscription.endDate } : {}),
      ...(subscription.orderId ? { orderId: subscription.orderId } : {}),
    })),
    consent: {
      ...consentStatesOf(doc.consent),
      history: (doc.consent?.history ?? []).map((entry) => ({
        purpose: entry.purpose,
        status: entry.status,
        at: entry.at,
        source: entry.source,
      })),
    },
    identities: (doc.identities ?? []).map((identity) => ({
      channel: identity.channel,
      handle: identity.handle,
      addedAt: identity.addedAt,
    })),
    createdAt: doc.createdAt,
    lastUpdate: doc.lastUpdate,
    version: doc.version,
  };
}
