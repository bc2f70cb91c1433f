import type { Customer } from './customer';
import type { CustomerDocument } from './models';

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
      ...(doc.consent?.smsMarketing
        ? {
            smsMarketing: {
              status: doc.consent.smsMarketing.status,
              at: doc.consent.smsMarketing.at,
              source: doc.consent.smsMarketing.source,
            },
          }
        : {}),
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
