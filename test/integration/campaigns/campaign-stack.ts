import { createCampaignsFeature } from '../../../src/features/campaigns';
import type { CampaignsFeatureOptions } from '../../../src/features/campaigns';
import { createCatalogFeature } from '../../../src/features/catalog';
import { createCommerceFeature } from '../../../src/features/commerce';
import { createCustomersFeature } from '../../../src/features/customers';
import { createTwilioFeature } from '../../../src/features/twilio';
import type { TwilioFeatureOptions } from '../../../src/features/twilio';
import { createUsersFeature } from '../../../src/features/users';
import type { Clock } from '../../../src/domain/shared/clock';
import type { AppContext, RuntimeContext } from '../../../src/runtime';

/**
 * The features campaigns need, composed as src/features.ts will compose them (users and campaigns
 * added): shared by the tests, the worker process the crash test kills, and the benchmark.
 */
export function createCampaignStack(
  options: {
    clock?: Clock;
    twilio?: TwilioFeatureOptions;
    campaigns?: CampaignsFeatureOptions;
  } = {},
) {
  const twilio = createTwilioFeature({
    outbound: { backoffMs: 100, ratePerSecond: 200 },
    standInStatusStepMs: 20,
    ...options.twilio,
  });
  const customers = createCustomersFeature({
    smsCodeSender: {
      sendCode: async (to, code) => {
        await twilio.smsSender().send({
          to,
          body: `Your verification code is ${code}.`,
          purpose: 'transactional',
        });
      },
    },
    catalogSnapshots: () => catalog.services.snapshots,
  });
  const catalog = createCatalogFeature({ customerContexts: customers.services.customerContexts });
  const commerce = createCommerceFeature({
    catalog: catalog.services.snapshots,
    customers: customers.services.customerContexts,
    subscriptions: customers.services.subscriptions,
    timeline: customers.services.timeline,
  });
  customers.services.registerMergeParticipant(commerce.visitorMerge);
  const users = createUsersFeature();
  const campaigns = createCampaignsFeature(
    {
      sms: () => twilio.smsSender(),
      customers: () => customers.services.customers,
      customerModels: () => customers.services.models,
      identities: () => customers.services.identities,
      timeline: customers.services.timeline,
      offers: catalog.services.snapshots,
      orders: () => commerce.services.orders,
    },
    { ...(options.clock ? { clock: options.clock } : {}), ...options.campaigns },
  );
  const features = [twilio, customers, catalog, commerce, users, campaigns];
  return {
    twilio,
    customers,
    catalog,
    commerce,
    users,
    campaigns,
    async configure(context: RuntimeContext): Promise<void> {
      for (const feature of features) await feature.configure(context);
    },
    async configureApp(context: AppContext): Promise<void> {
      for (const feature of features) await feature.configureApp(context);
    },
  };
}

export type CampaignStack = ReturnType<typeof createCampaignStack>;

/** A clock that runs in real time from a chosen instant; `set` jumps it, time keeps running. */
export function shiftedClock(startAt: Date | string): Clock & { set(to: Date | string): void } {
  let offset = new Date(startAt).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set: (to) => {
      offset = new Date(to).getTime() - Date.now();
    },
  };
}
