import { createHmac } from 'node:crypto';
import { registerCustomerRoutes } from '../connectors/tmf/customer-routes';
import { registerPartyInteractionRoutes } from '../connectors/tmf/party-interaction-routes';
import type {
  CustomerContextSource,
  CatalogSnapshotSource,
  SubscriptionUpdater,
} from '../domain/commerce/ports';
import { CampaignLinkTokens } from '../domain/customers/campaign-link-token';
import type { AnonymousContextDefaults } from '../domain/customers/customer-context-builder';
import { CustomerContextProvider } from '../domain/customers/customer-context-source';
import { CustomerService } from '../domain/customers/customer-service';
import type { SmsCodeSender, VisitorMergeParticipant } from '../domain/customers/identity-ports';
import { IdentityService } from '../domain/customers/identity-service';
import { createCustomerModels } from '../domain/customers/models';
import type { CustomerModels } from '../domain/customers/models';
import { catalogPlanClassifier } from '../domain/customers/plan-classifier';
import type { PlanClassifier } from '../domain/customers/plan-classifier';
import { CustomerSubscriptionUpdater } from '../domain/customers/subscription-updater';
import type { TimelineRecorder } from '../domain/interactions/interaction';
import { InteractionService } from '../domain/interactions/interaction-service';
import { createInteractionModels } from '../domain/interactions/models';
import type { InteractionModels } from '../domain/interactions/models';
import type { Clock } from '../domain/shared/clock';
import { systemClock } from '../domain/shared/clock';
import { AppError } from '../domain/shared/errors';
import type { AppContext, RuntimeContext } from '../runtime';

export interface CustomersFeatureDependencies {
  /** Sends one-time codes (the Twilio connector; an in-process recorder in tests). */
  smsCodeSender: SmsCodeSender;
  /**
   * Tells plans from add-ons when a completed order adds a subscription. Defaults to the catalog
   * convention over `catalogSnapshots` (a thunk, because the catalog feature is built after this one).
   */
  planClassifier?: PlanClassifier;
  catalogSnapshots?: () => CatalogSnapshotSource;
  /** What a visitor looks like to eligibility rules. Default region GB, language en-GB. */
  anonymousContext?: AnonymousContextDefaults;
  /** Default: both derived from JWT_SECRET, each under its own label (so neither opens the other). */
  secrets?: { smsCode?: string; campaignLink?: string };
  clock?: Clock;
}

export interface CustomersServices {
  /** Available once `configure` has run (they need the MongoDB connection). */
  readonly models: CustomerModels & InteractionModels;
  readonly customers: CustomerService;
  readonly identities: IdentityService;
  readonly interactions: InteractionService;
  /** Usable from the start (other features take them as constructor dependencies). */
  readonly customerContexts: CustomerContextSource;
  readonly subscriptions: SubscriptionUpdater;
  readonly timeline: TimelineRecorder;
  /** Holders of visitor data (the cart) register here, before or after `configure`. */
  registerMergeParticipant(participant: VisitorMergeParticipant): void;
}

export interface CustomersFeature {
  name: 'customers';
  services: CustomersServices;
  configure(context: RuntimeContext): Promise<void>;
  configureApp(context: AppContext): void;
}

interface Configured {
  models: CustomerModels & InteractionModels;
  customers: CustomerService;
  identities: IdentityService;
  interactions: InteractionService;
  contexts: CustomerContextProvider;
  subscriptions: CustomerSubscriptionUpdater;
}

/**
 * Customers, identity resolution and linking, and the interaction timeline, with the TMF629 and
 * TMF683 routes. The ports other features depend on exist before the runtime connects and
 * delegate to the real services once `configure` has run.
 */
export function createCustomersFeature(
  dependencies: CustomersFeatureDependencies,
): CustomersFeature {
  const clock = dependencies.clock ?? systemClock;
  const pendingParticipants: VisitorMergeParticipant[] = [];
  let configured: Configured | undefined;

  const ready = (): Configured => {
    if (!configured) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'The customers feature is not configured yet');
    }
    return configured;
  };

  const planClassifier: PlanClassifier = dependencies.planClassifier ?? {
    isPlan: async (offeringId) => {
      const snapshots = dependencies.catalogSnapshots?.();
      return snapshots ? catalogPlanClassifier(snapshots).isPlan(offeringId) : false;
    },
  };

  const services: CustomersServices = {
    get models() {
      return ready().models;
    },
    get customers() {
      return ready().customers;
    },
    get identities() {
      return ready().identities;
    },
    get interactions() {
      return ready().interactions;
    },
    customerContexts: {
      contextFor: (party, campaignIds) => ready().contexts.contextFor(party, campaignIds),
    },
    subscriptions: {
      applyCompletedOrder: (order) => ready().subscriptions.applyCompletedOrder(order),
    },
    timeline: {
      record: (entry) => ready().interactions.record(entry),
      batch: () => ready().interactions.batch(),
    },
    registerMergeParticipant(participant) {
      if (configured) configured.identities.registerMergeParticipant(participant);
      else pendingParticipants.push(participant);
    },
  };

  return {
    name: 'customers',
    services,
    async configure(context) {
      const connection = context.mongo.connection;
      const models = {
        ...createCustomerModels(connection),
        ...createInteractionModels(connection),
      };
      // Unique indexes (identities, dedupe keys) must exist before the first write relies on them.
      await Promise.all(Object.values(models).map((model) => model.init()));
      const events = context.events;
      const secret = context.config.JWT_SECRET;
      const customers = new CustomerService(models, events, clock);
      const interactions = new InteractionService(models, events, clock);
      const identities = new IdentityService(models, customers, events, {
        smsCodeSecret: dependencies.secrets?.smsCode ?? derive(secret, 'sms-code'),
        smsCodeSender: dependencies.smsCodeSender,
        campaignLinks: new CampaignLinkTokens(
          dependencies.secrets?.campaignLink ?? derive(secret, 'campaign-link'),
        ),
        timeline: interactions,
        clock,
      });
      // The timeline moves first, so the visitor's chat is on her timeline before anyone is told.
      identities.registerMergeParticipant(interactions);
      for (const participant of pendingParticipants.splice(0)) {
        identities.registerMergeParticipant(participant);
      }
      // Whether a visitor is linked is remembered per process; every `visitor.linked` (heard by
      // every process) makes her next context read it again.
      const contexts = new CustomerContextProvider(
        customers,
        models,
        dependencies.anonymousContext ?? { region: 'GB', language: 'en-GB' },
        clock,
        { unlinkedTtlMs: 60_000, maxEntries: 20_000 },
      );
      events.subscribe('visitor.linked', async (event) => {
        contexts.forgetVisitor(event.payload.visitorId);
      });
      configured = {
        models,
        customers,
        identities,
        interactions,
        contexts,
        subscriptions: new CustomerSubscriptionUpdater(models, planClassifier, events, clock),
      };
    },
    configureApp(context) {
      const { customers, interactions, identities } = ready();
      registerCustomerRoutes(context.app, { customers });
      registerPartyInteractionRoutes(context.app, { interactions, customers, identities });
    },
  };
}

/** An independent key per purpose from one configured secret. */
function derive(secret: string, purpose: string): string {
  return createHmac('sha256', secret)
    .update(`omnichannel-sales-assist:${purpose}`)
    .digest('base64url');
}
