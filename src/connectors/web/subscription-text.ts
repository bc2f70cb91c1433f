import type { Subscription } from '../../domain/customers/customer';
import type { SubscriptionView } from '../../web/pages/view-models';
import { humanise } from './offer-presentation';

/** `dataAllowanceGB: 30` → `Data allowance: 30 GB`; `dataSize: 10` → `Data size: 10`. */
export function characteristicText(name: string, value: string | number): string {
  const unit = /^(.*[a-z])([A-Z]{2,})$/.exec(name);
  if (unit?.[1] && unit[2]) return `${humanise(unit[1])}: ${value} ${unit[2]}`;
  return `${humanise(name)}: ${value}`;
}

export function subscriptionViews(
  subscriptions: readonly Subscription[],
  timeZone: string,
): SubscriptionView[] {
  const dates = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone });
  return subscriptions
    .filter((subscription) => subscription.status !== 'terminated')
    .map((subscription) => ({
      name: subscription.offeringName,
      status: subscription.status,
      details: Object.entries(subscription.characteristics).map(([name, value]) =>
        characteristicText(name, value),
      ),
      since: dates.format(subscription.startDate),
    }));
}
