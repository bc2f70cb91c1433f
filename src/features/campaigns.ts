import { describeChannel, promotionChannels } from '../domain/shared/channel';
import type { ChannelOutlets } from '../domain/messaging/channel-outlet';
import { registerCampaignRoutes } from '../connectors/campaigns/campaign-routes';
import { defineCampaignQueues } from '../connectors/campaigns/campaign-queues';
import type { CampaignQueueOptions, CampaignQueues } from '../connectors/campaigns/campaign-queues';
import { registerConsolePage } from '../connectors/campaigns/console-page';
import { SmsRecordsRecovery } from '../connectors/campaigns/interrupted-send-recovery';
import { registerLinkRoute } from '../connectors/campaigns/link-route';
import { RedisRateGate } from '../connectors/campaigns/redis-rate-gate';
import type { LuaRedis } from '../connectors/campaigns/redis-rate-gate';
import { OUTBOUND_SMS_QUEUE } from '../connectors/twilio/outbound-sms-processor';
import type { OutboundSmsJob } from '../connectors/twilio/outbound-sms-processor';
import { CampaignDispatcher } from '../domain/campaigns/campaign-dispatcher';
import { CampaignService } from '../domain/campaigns/campaign-service';
import { ChunkProcessor } from '../domain/campaigns/chunk-processor';
import { ConversionRecorder } from '../domain/campaigns/conversions';
import { LinkClicks } from '../domain/campaigns/link-clicks';
import { createCampaignModels } from '../domain/campaigns/models';
import type { CampaignModels } from '../domain/campaigns/models';
import type { CampaignLinkTokenIssuer, SendRateGate } from '../domain/campaigns/ports';
import { RecipientSender } from '../domain/campaigns/recipient-sender';
import type { Order } from '../domain/commerce/order-model';
import { AudienceReader } from '../domain/campaigns/audience-reader';
import type { Promotion } from '../domain/catalog/promotion';
import type { CustomerService } from '../domain/customers/customer-service';
import type { TimelineRecorder } from '../domain/interactions/interaction';
import type { InteractionService } from '../domain/interactions/interaction-service';
import { registerSmsMessageModel } from '../domain/messaging';
import type { SmsSender } from '../domain/messaging';
import type { CatalogSnapshotSource } from '../domain/commerce/ports';
import type { Clock } from '../domain/shared/clock';
import { systemClock } from '../domain/shared/clock';
import { AppError } from '../domain/shared/errors';
import type { AppContext, RuntimeContext } from '../runtime';

export interface CampaignsDependencies {
  sms: () => SmsSender;
  /** Where each promotion channel's messages go (the SMS connector's outlet, WhatsApp's…). */
  outlets: ChannelOutlets;
  /** Audiences are walked through the customers' service, never their records. */
  customers: () => CustomerService;
  /** For "last interaction" conditions. */
  interactions: () => Pick<InteractionService, 'lastInteractionAt'>;
  /** The catalog's promotions, for tying a campaign to the one it sells. */
  promotions: () => Promise<readonly Promotion[]>;
  identities: () => CampaignLinkTokenIssuer;
  timeline: TimelineRecorder;
  /** The catalog, for the name of the offer a campaign sells. */
  offers: CatalogSnapshotSource;
  /** The order an `order.created` event names (for attribution); omit to count no conversions. */
  orders?: () => { getOrder(orderId: string): Promise<Order> };
  /** The SMS sender's rate, when set in code; default TWILIO_SENDS_PER_SECOND (shown beside a campaign's). */
  senderRatePerSecond?: number;
}

export interface CampaignsFeatureOptions extends CampaignQueueOptions {
  clock?: Clock;
  /** Default: a Redis sliding window shared by every process. */
  rateGate?: SendRateGate;
  /** How long a `sending` claim of a vanished attempt is respected (default 30 s). */
  claimLeaseMs?: number;
  /** Recipients per chunk job (default 1000). */
  chunkSize?: number;
}

export interface CampaignsServices {
  readonly campaigns: CampaignService;
  readonly models: CampaignModels;
  readonly queues: CampaignQueues;
  readonly conversions: ConversionRecorder;
}

/**
 * Promotion campaigns: `/api/campaigns`, personal links at `/l/:code`, the console at `/campaigns`,
 * the dispatch and chunk queues, and conversion counting from `order.created`.
 */
export function createCampaignsFeature(
  dependencies: CampaignsDependencies,
  options: CampaignsFeatureOptions = {},
) {
  const clock = options.clock ?? systemClock;
  let configured: (CampaignsServices & { clicks: LinkClicks }) | undefined;
  const ready = () => {
    if (!configured) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'The campaigns feature is not configured yet');
    }
    return configured;
  };

  return {
    name: 'campaigns' as const,
    services: {
      get campaigns() {
        return ready().campaigns;
      },
      get models() {
        return ready().models;
      },
      get queues() {
        return ready().queues;
      },
      get conversions() {
        return ready().conversions;
      },
    } satisfies CampaignsServices,

    async configure(context: RuntimeContext): Promise<void> {
      const connection = context.mongo.connection;
      const models = createCampaignModels(connection);
      await Promise.all(Object.values(models).map((model) => model.init()));
      const smsMessages = () => registerSmsMessageModel(connection);
      const linkBase = context.config.PUBLIC_BASE_URL;

      // The queues and their processors refer to each other: the processors are filled in below.
      const processors: { dispatcher?: CampaignDispatcher; chunks?: ChunkProcessor } = {};
      const recovery = new SmsRecordsRecovery(smsMessages, () =>
        context.queues.queue<OutboundSmsJob>(OUTBOUND_SMS_QUEUE),
      );
      const queues = defineCampaignQueues(
        context.queues,
        { dispatcher: () => processors.dispatcher!, chunks: () => processors.chunks! },
        clock,
        options,
        {
          runsInProgress: () => processors.dispatcher!.runsInProgress(),
          requeueStrandedMessages: () => recovery.requeueStranded(),
          redis: async () => (await queues.chunks.getBackend().client) as LuaRedis,
          prefix: context.config.REDIS_KEY_PREFIX,
        },
      );
      const rateGate =
        options.rateGate ??
        new RedisRateGate(async () => (await queues.chunks.getBackend().client) as LuaRedis, {
          prefix: context.config.REDIS_KEY_PREFIX,
        });
      const sender = new RecipientSender({
        models,
        customers: { find: (customerId) => dependencies.customers().find(customerId) },
        outlets: dependencies.outlets,
        rateGate,
        recovery,
        timeline: dependencies.timeline,
        linkBase,
        clock,
      });
      const audience = new AudienceReader({
        customers: {
          segmentPage: (criteria, afterId, limit) =>
            dependencies.customers().segmentPage(criteria, afterId, limit),
          segmentIds: (criteria, afterId, limit) =>
            dependencies.customers().segmentIds(criteria, afterId, limit),
          countSegment: (criteria) => dependencies.customers().countSegment(criteria),
        },
        interactions: {
          lastInteractionAt: (ids) => dependencies.interactions().lastInteractionAt(ids),
        },
        models,
        clock,
      });
      processors.dispatcher = new CampaignDispatcher({
        models,
        audience,
        chunks: queues.enqueuer,
        scheduler: queues.scheduler,
        clock,
        ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      });
      processors.chunks = new ChunkProcessor({
        models,
        sender,
        scheduler: queues.scheduler,
        clock,
        ...(options.claimLeaseMs ? { claimLeaseMs: options.claimLeaseMs } : {}),
      });
      const campaigns = new CampaignService({
        models,
        audience,
        smsMessages,
        sms: dependencies.sms,
        offers: {
          offeringName: async (offeringId) =>
            (await dependencies.offers.current()).offering(offeringId)?.name,
          promotions: async () =>
            (await dependencies.promotions()).map((promotion) => ({
              id: promotion.id,
              name: promotion.name,
              offeringIds: [...promotion.offeringIds],
              ...(promotion.campaignId ? { campaignId: promotion.campaignId } : {}),
              validUntil: promotion.validFor.endDateTime,
            })),
        },
        scheduler: queues.scheduler,
        linkBase,
        clock,
      });
      const conversions = new ConversionRecorder({ models, clock });
      const clicks = new LinkClicks({
        models,
        timeline: dependencies.timeline,
        identities: dependencies.identities,
        clock,
      });
      const orders = dependencies.orders;
      if (orders) {
        // Every process receives the event; the conversion record (id = order id) counts it once.
        context.events.subscribe('order.created', async (event) => {
          const order = await orders().getOrder(event.payload.orderId);
          if (!order.campaignId) return;
          await conversions.orderPlaced({
            id: order._id,
            customerId: order.customerId,
            campaignId: order.campaignId,
            currency: order.currency,
            totals: order.totals,
          });
        });
      }
      configured = { campaigns, models, queues, conversions, clicks };
    },

    configureApp(context: AppContext): void {
      const { campaigns, clicks } = ready();
      registerCampaignRoutes(context.app, {
        campaigns,
        senderRatePerSecond:
          dependencies.senderRatePerSecond ?? context.config.TWILIO_SENDS_PER_SECOND,
        channels: () =>
          promotionChannels
            .filter((channel) => dependencies.outlets.find(channel))
            .map((channel) => ({ id: channel, name: describeChannel(channel).name })),
      });
      registerLinkRoute(context.app, { clicks });
      registerConsolePage(context.app);
    },
  };
}

export type CampaignsFeature = ReturnType<typeof createCampaignsFeature>;
