import type { ConsentStatus, CustomerSegment, SubscriptionStatus } from './customer';
import type { CustomerDocument } from './models';

/**
 * What another context (campaigns) may ask of the customer base to walk a segment: typed criteria
 * over the customer's own public attributes, never a query over how customers are stored.
 * Every criterion narrows (they are ANDed); an absent one does not filter.
 */
export interface CustomerSegmentCriteria {
  customerIds?: string[];
  segments?: CustomerSegment[];
  regions?: string[];
  timezones?: string[];
  customerSince?: { gt?: Date; gte?: Date; lt?: Date; lte?: Date };
  /** Has (or had) a subscription to one of these offerings. */
  offeringIds?: string[];
  smsMarketing?: ConsentStatus;
}

/** One member of a segment walk: what a segment tests and a campaign needs to address her. */
export interface SegmentMember {
  id: string;
  firstName: string;
  mobile?: string;
  segment: CustomerSegment;
  region: string;
  timezone: string;
  customerSince: Date;
  smsMarketing?: ConsentStatus;
  subscriptions: Array<{ offeringId: string; isPlan: boolean; status: SubscriptionStatus }>;
}

export const segmentMemberProjection = {
  name: 1,
  mobile: 1,
  segment: 1,
  region: 1,
  timezone: 1,
  customerSince: 1,
  'consent.smsMarketing': 1,
  subscriptions: 1,
} as const;

/** The storage filter for the criteria; only customers with a number and an open account. */
export function segmentFilter(
  criteria: CustomerSegmentCriteria,
  afterId?: string,
): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [
    { mobile: { $exists: true } },
    { status: { $ne: 'closed' } },
  ];
  if (criteria.customerIds) clauses.push({ _id: { $in: criteria.customerIds } });
  if (criteria.segments) clauses.push({ segment: { $in: criteria.segments } });
  if (criteria.regions) clauses.push({ region: { $in: criteria.regions } });
  if (criteria.timezones) clauses.push({ timezone: { $in: criteria.timezones } });
  if (criteria.offeringIds) {
    clauses.push({ 'subscriptions.offeringId': { $in: criteria.offeringIds } });
  }
  if (criteria.smsMarketing) {
    clauses.push({ 'consent.smsMarketing.status': criteria.smsMarketing });
  }
  const since = criteria.customerSince;
  if (since) {
    const range: Record<string, Date> = {};
    if (since.gt) range.$gt = since.gt;
    if (since.gte) range.$gte = since.gte;
    if (since.lt) range.$lt = since.lt;
    if (since.lte) range.$lte = since.lte;
    if (Object.keys(range).length > 0) clauses.push({ customerSince: range });
  }
  if (afterId !== undefined) clauses.push({ _id: { $gt: afterId } });
  return { $and: clauses };
}

export function toSegmentMember(
  doc: Pick<
    CustomerDocument,
    | '_id'
    | 'name'
    | 'mobile'
    | 'segment'
    | 'region'
    | 'timezone'
    | 'customerSince'
    | 'consent'
    | 'subscriptions'
  >,
): SegmentMember {
  return {
    id: doc._id,
    firstName: doc.name.given,
    ...(doc.mobile ? { mobile: doc.mobile } : {}),
    segment: doc.segment,
    region: doc.region,
    timezone: doc.timezone,
    customerSince: doc.customerSince,
    ...(doc.consent?.smsMarketing ? { smsMarketing: doc.consent.smsMarketing.status } : {}),
    subscriptions: (doc.subscriptions ?? []).map((subscription) => ({
      offeringId: subscription.offeringId,
      isPlan: subscription.isPlan,
      status: subscription.status,
    })),
  };
}
