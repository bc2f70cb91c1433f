import type { Job } from 'bullmq';
import type { ActivationOutcome } from '../domain/commerce/activation-service';
import { createCommerceServices } from '../domain/commerce/commerce-services';
import type { CommerceServices } from '../domain/commerce/commerce-services';
import type {
  ActivationScheduler,
  CatalogSnapshotSource,
  CustomerContextSource,
  ProvisioningPort,
  SubscriptionUpdater,
  VisitorMergeParticipant,
} from '../domain/commerce/ports';
import type { AgentDiscountLimits } from '../domain/commerce/pricing-agent-discount';
import type { TimelineRecorder } from '../domain/interactions/interaction';
import { systemClock } from '../domain/shared/clock';
import type { Clock } from '../domain/shared/clock';
import { HttpProvisioningClient } from '../connectors/provisioning/http-client';
import { ProvisioningStandIn } from '../connectors/provisioning/stand-in';
import { registerCartRoutes } from '../connectors/tmf/cart-routes';
import { registerHubDelivery } from '../connectors/tmf/hub-delivery';
import type { HubDeliveryOptions } from '../connectors/tmf/hub-delivery';
import { registerHubRoutes } from '../connectors/tmf/hub-routes';
import { HubSubscriptionStore } from '../connectors/tmf/hub-subscriptions';
import { registerOrderRoutes } from '../connectors/tmf/order-routes';
import { registerQuoteRoutes } from '../connectors/tmf/quote-routes';
import type { Config } from '../infra/config';
import type { AppContext, RuntimeContext } from '../runtime';

export const ORDER_ACTIVATION_QUEUE = 'order-activation';
/** Where the development provisioning stand-in is mounted when PROVISIONING_BASE_URL is unset. */
export const DEV_PROVISIONING_PREFIX = '/dev/provisioning';

/** The ports other contexts implement; commerce only depends on these interfaces. */
export interface CommercePorts {
  catalog: CatalogSnapshotSource;
  customers: CustomerContextSource;
  subscriptions: SubscriptionUpdater;
  timeline: TimelineRecorder;
  /** Defaults to the TMF641 HTTP client (PROVISIONING_BASE_URL, or the development stand-in). */
  provisioning?: ProvisioningPort;
}

export interface CommerceFeatureOptions {
  clock?: Clock;
  quoteValidityDays?: number;
  agentDiscountLimits?: AgentDiscountLimits;
  activation?: { attempts?: number; backoffDelayMs?: number };
  hubDelivery?: HubDeliveryOptions;
}

export interface CommerceFeature {
  name: 'commerce';
  /** Available once `configure` has run. */
  readonly services: CommerceServices;
  /** For the customers context: linking a visitor moves her cart (usable once configured). */
  readonly visitorMerge: VisitorMergeParticipant;
  configure(ctx: RuntimeContext): Promise<void>;
  configureApp(ctx: AppContext): Promise<void>;
}

function mountsDevStandIn(config: Config): boolean {
  return !config.PROVISIONING_BASE_URL && !config.isProduction;
}

function defaultProvisioning(config: Config): ProvisioningPort {
  if (config.PROVISIONING_BASE_URL) {
    return new HttpProvisioningClient({ baseUrl: config.PROVISIONING_BASE_URL });
  }
  if (config.isProduction) {
    throw new Error(
      'PROVISIONING_BASE_URL is required in production (the stand-in is for development)',
    );
  }
  return new HttpProvisioningClient({
    baseUrl: `${config.PUBLIC_BASE_URL}${DEV_PROVISIONING_PREFIX}`,
  });
}

/**
 * Cart, quote, order capture and activation, with the TMF663/648/622 APIs and the order event hub.
 * `ports` may be a function of the runtime context when their implementations need its connection.
 */
export function createCommerceFeature(
  ports: CommercePorts | ((ctx: RuntimeContext) => CommercePorts),
  options: CommerceFeatureOptions = {},
): CommerceFeature {
  let services: CommerceServices | undefined;
  let hub: HubSubscriptionStore | undefined;
  const configured = (): CommerceServices => {
    if (!services) throw new Error('the commerce feature is used before configure() ran');
    return services;
  };

  return {
    name: 'commerce',
    get services() {
      return configured();
    },
    // Stable and lazy, so it can be handed to the customers feature before configure() runs.
    visitorMerge: {
      mergeVisitor: (visitorId, customerId) =>
        configured().carts.mergeVisitor(visitorId, customerId),
    },

    async configure(ctx) {
      const resolved = typeof ports === 'function' ? ports(ctx) : ports;
      const queue = ctx.queues.define<{ orderId: string }, ActivationOutcome>({
        name: ORDER_ACTIVATION_QUEUE,
        defaultJobOptions: {
          attempts: options.activation?.attempts ?? 5,
          backoff: { type: 'exponential', delay: options.activation?.backoffDelayMs ?? 2000 },
        },
        process: (job: Job<{ orderId: string }, ActivationOutcome>) =>
          configured().activation.activate(job.data.orderId, {
            // attemptsMade counts the attempts that already failed.
            isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
          }),
      });
      const scheduler: ActivationScheduler = {
        async scheduleActivation(orderId) {
          // The order id as job id: asking twice for one order queues one activation.
          await queue.add('activate', { orderId }, { jobId: orderId });
        },
      };
      services = createCommerceServices({
        connection: ctx.mongo.connection,
        catalog: resolved.catalog,
        customers: resolved.customers,
        subscriptions: resolved.subscriptions,
        timeline: resolved.timeline,
        events: ctx.events,
        provisioning: resolved.provisioning ?? defaultProvisioning(ctx.config),
        activationScheduler: scheduler,
        clock: options.clock ?? systemClock,
        reportError: (error, effect) =>
          ctx.logger.warn({ err: error, effect }, 'commerce side effect failed after its write'),
        ...(options.quoteValidityDays === undefined
          ? {}
          : { quoteValidityDays: options.quoteValidityDays }),
        ...(options.agentDiscountLimits
          ? { agentDiscountLimits: options.agentDiscountLimits }
          : {}),
      });
      hub = new HubSubscriptionStore(ctx.mongo.connection);
      registerHubDelivery(ctx, { hub, orders: services.orders }, options.hubDelivery);
    },

    async configureApp(ctx) {
      const current = configured();
      registerCartRoutes(ctx.app, current);
      registerQuoteRoutes(ctx.app, current);
      registerOrderRoutes(ctx.app, current);
      if (hub) registerHubRoutes(ctx.app, { hub });
      if (mountsDevStandIn(ctx.config)) {
        const standIn = new ProvisioningStandIn({ delayMs: 200 });
        await ctx.app.register(standIn.plugin, { prefix: DEV_PROVISIONING_PREFIX });
      }
    },
  };
}
