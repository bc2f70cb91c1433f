import { createCatalogFeature } from './features/catalog';
import { createCommerceFeature } from './features/commerce';
import { createCustomersFeature } from './features/customers';
import { createNotificationsFeature } from './features/notifications';
import { createTwilioFeature } from './features/twilio';
import type { AppContext, RuntimeContext } from './runtime';

interface Feature {
  name: string;
  configure?(context: RuntimeContext): Promise<void> | void;
  configureApp?(context: AppContext): Promise<void> | void;
}

export type ApplicationFeatures = ReturnType<typeof createApplicationFeatures>;

/**
 * The composition of every capability, one set per runtime (so tests can run several app nodes in
 * one process). Ports are handed across contexts here and nowhere else: the domain never reaches
 * into another context's implementation.
 */
export function createApplicationFeatures() {
  const twilio = createTwilioFeature();
  const customers = createCustomersFeature({
    smsCodeSender: {
      sendCode: async (to, code) => {
        await twilio.smsSender().send({
          to,
          body: `Your verification code is ${code}. It expires in 10 minutes. Never share it.`,
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
  const notifications = createNotificationsFeature({
    orders: () => commerce.services.orders,
    customers: () => customers.services.customers,
    sms: () => twilio.smsSender(),
    timeline: customers.services.timeline,
  });

  // Order matters: a feature's configure may use the services of those before it.
  const features: Feature[] = [twilio, customers, catalog, commerce, notifications];

  return {
    twilio,
    customers,
    catalog,
    commerce,
    async configure(context: RuntimeContext): Promise<void> {
      for (const feature of features) await feature.configure?.(context);
    },
    async configureApp(context: AppContext): Promise<void> {
      for (const feature of features) await feature.configureApp?.(context);
    },
  };
}
