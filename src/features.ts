import {
  capability,
  configureAll,
  configureAllApps,
  wiringOrder,
} from './composition/capabilities';
import { BotSmsHandler } from './connectors/twilio/bot-sms-handler';
import { BotVoiceHandler } from './connectors/twilio/voice/bot-voice-handler';
import { CustomerConsentRegistry } from './domain/customers/customer-consent-registry';
import { createAssistFeature } from './features/assist';
import { createBotFeature } from './features/bot';
import { createCatalogFeature } from './features/catalog';
import { createCommerceFeature } from './features/commerce';
import { createCustomersFeature } from './features/customers';
import { createNotificationsFeature } from './features/notifications';
import { createTwilioFeature } from './features/twilio';
import type { TwilioFeatureOptions } from './features/twilio';
import { createCampaignsFeature } from './features/campaigns';
import type { CampaignsFeatureOptions } from './features/campaigns';
import { createUsersFeature } from './features/users';
import { createWebFeature } from './features/web';
import type { WebFeatureDependencies } from './features/web';
import { createWebchatFeature } from './features/webchat';
import { createWhatsappFeature } from './features/whatsapp';
import type { AppContext, RuntimeContext } from './runtime';
import { ChannelOutlets } from './domain/messaging';

export type ApplicationFeatures = ReturnType<typeof createApplicationFeatures>;

/**
 * The composition of every capability, one set per runtime (so tests can run several app nodes in
 * one process). Ports are handed across contexts here and nowhere else: the domain never reaches
 * into another context's implementation.
 */
export interface ApplicationOptions {
  /** Portal settings tests tune (sign-in limits, a clock). */
  web?: Partial<Omit<WebFeatureDependencies, 'snapshots' | 'customerContexts'>>;
  campaigns?: CampaignsFeatureOptions;
  /** Outbound queue and stand-in pacing, which tests and benchmarks speed up. */
  twilio?: Pick<TwilioFeatureOptions, 'outbound' | 'standInStatusStepMs'>;
}

export function createApplicationFeatures(options: ApplicationOptions = {}) {
  // How the service writes to her on each messaging channel; each channel's connector adds its own.
  const outlets = new ChannelOutlets();
  const twilio = createTwilioFeature({
    ...options.twilio,
    inboundHandler: new BotSmsHandler({
      engine: () => bot.engine(),
      identities: () => customers.services.identities,
      sender: () => twilio.smsSender(),
    }),
    consent: (numbers) =>
      new CustomerConsentRegistry(
        {
          findByIdentity: (channel, handle) =>
            customers.services.customers.findByIdentity(channel, handle),
          setSmsMarketingConsent: (customerId, decision) =>
            customers.services.customers.setSmsMarketingConsent(customerId, decision),
        },
        numbers,
      ),
    voiceHandler: new BotVoiceHandler({
      engine: () => bot.engine(),
      identities: () => customers.services.identities,
      customers: () => customers.services.customers,
    }),
    timeline: { record: (entry) => customers.services.timeline.record(entry) },
    liveCalls: () => assist.liveCalls(),
    outlets,
  });
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
    outlets,
    timeline: customers.services.timeline,
  });

  const bot = createBotFeature({
    services: () => ({
      offers: catalog.services.offers,
      catalog: catalog.services.snapshots,
      carts: commerce.services.carts,
      quotes: commerce.services.quotes,
      orders: commerce.services.orders,
      customers: customers.services.customers,
      identities: customers.services.identities,
      timeline: customers.services.timeline,
      // A request for a person is written at the desk before she is told one is coming.
      handovers: assist.desk,
    }),
  });

  const webchat = createWebchatFeature({
    engine: () => bot.engine(),
    identities: () => customers.services.identities,
  });
  customers.services.registerMergeParticipant(webchat.visitorMerge);
  const whatsapp = createWhatsappFeature({
    engine: () => bot.engine(),
    identities: () => customers.services.identities,
    customers: () => customers.services.customers,
    outlets,
    standIn: () => twilio.standIn(),
  });
  const web = createWebFeature({
    snapshots: catalog.services.snapshots,
    customerContexts: customers.services.customerContexts,
    customers: () => customers.services.customers,
    identities: () => customers.services.identities,
    carts: () => commerce.services.carts,
    ...options.web,
  });
  const users = createUsersFeature();
  const campaigns = createCampaignsFeature(
    {
      sms: () => twilio.smsSender(),
      outlets,
      customers: () => customers.services.customers,
      interactions: () => customers.services.interactions,
      promotions: async () => (await catalog.services.catalog.loadData()).promotions,
      identities: () => customers.services.identities,
      timeline: customers.services.timeline,
      offers: catalog.services.snapshots,
      orders: () => commerce.services.orders,
      senderRatePerSecond: options.twilio?.outbound?.ratePerSecond,
    },
    options.campaigns,
  );

  const assist = createAssistFeature({
    services: () => ({
      customers: customers.services.customers,
      identities: customers.services.identities,
      interactions: customers.services.interactions,
      carts: commerce.services.carts,
      quotes: commerce.services.quotes,
      orders: commerce.services.orders,
      offers: catalog.services.offers,
      users: users.services.users,
      sms: twilio.smsSender(),
    }),
    bot: () => bot.engine(),
    chat: () => webchat.outbox(),
    outlets,
    catalog: () => catalog.services.snapshots,
  });

  // What the service is: each capability with those whose services it calls while setting up.
  // The order they are set up in follows from these needs; the order written here does not matter.
  const capabilities = wiringOrder([
    capability(customers),
    capability(catalog),
    capability(commerce),
    capability(users),
    capability(twilio),
    capability(notifications),
    capability(bot, ['catalog', 'commerce', 'customers']),
    capability(webchat),
    // WhatsApp rides on the Twilio account: its stand-in and its signed webhooks.
    capability(whatsapp, ['twilio']),
    // The portal's pages link the chat widget's files, which web chat serves.
    capability(web, ['webchat']),
    // Campaign sends go on the SMS connector's outbound queue.
    capability(campaigns, ['twilio']),
    // The agent console joins the customers' chat namespace that web chat sets up.
    capability(assist, ['webchat']),
  ]);

  return {
    twilio,
    bot,
    webchat,
    web,
    users,
    campaigns,
    assist,
    customers,
    catalog,
    commerce,
    outlets,
    /** The capabilities' names in the order they are set up. */
    wiring: capabilities.map((item) => item.name),
    configure: (context: RuntimeContext) => configureAll(capabilities, context),
    configureApp: (context: AppContext) => configureAllApps(capabilities, context),
  };
}
