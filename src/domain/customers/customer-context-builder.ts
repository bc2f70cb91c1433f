import type { CustomerContext } from '../catalog/customer-context';
import type { Customer } from './customer';
import { tenureMonths } from './tenure';

/** What an anonymous visitor looks like to eligibility rules, per deployment (country, language). */
export interface AnonymousContextDefaults {
  region: string;
  language: string;
}

/** Suspended products still count (the customer still has them); terminated ones do not. */
function isHeld(status: Customer['subscriptions'][number]['status']): boolean {
  return status === 'active' || status === 'suspended';
}

export function buildCustomerContext(
  customer: Customer,
  campaignIds: readonly string[],
  now: Date,
): CustomerContext {
  const held = customer.subscriptions.filter((subscription) => isHeld(subscription.status));
  return {
    customerId: customer.id,
    segment: customer.segment,
    currentPlanIds: unique(held.filter((s) => s.isPlan).map((s) => s.offeringId)),
    subscriptionOfferingIds: unique(held.map((s) => s.offeringId)),
    tenureMonths: tenureMonths(customer.customerSince, now),
    region: customer.region,
    campaignIds: unique(campaignIds),
    language: customer.language,
  };
}

/** A visitor is treated as a new consumer: rules written for customers simply do not match. */
export function anonymousContext(
  campaignIds: readonly string[],
  defaults: AnonymousContextDefaults,
): CustomerContext {
  return {
    segment: 'consumer',
    currentPlanIds: [],
    subscriptionOfferingIds: [],
    tenureMonths: 0,
    region: defaults.region,
    campaignIds: unique(campaignIds),
    language: defaults.language,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
