import { AgentActions } from '../assist/agent-actions';
import type { CartChangedNotifier } from '../assist/agent-actions';
import { ASSIST_NAMESPACE } from '../assist/assist-events';
import { AssistLive } from '../assist/assist-live';
import { serveAssistNamespace } from '../assist/assist-namespace';
import type { AssistServices, BotResumer, ChatOutboxPort } from '../assist/assist-services';
import type { AssistNamespace } from '../assist/assist-types';
import { registerAgentConsole } from '../assist/console/console-routes';
import { CustomerMessenger } from '../assist/customer-messenger';
import { CustomerNotices } from '../assist/customer-notices';
import { handoverIntake } from '../assist/handover-intake';
import { PanelBuilder } from '../assist/panel-builder';
import { registerCannedReplyRoutes } from '../assist/canned-reply-routes';
import { serveCustomerTyping } from '../assist/customer-typing';
import { serveCustomerCarts } from '../assist/customer-cart-live';
import {
  CannedReplyService,
  registerCannedReplyModel,
} from '../domain/canned-replies/canned-reply-service';
import { AgentAuditLog, registerAgentAuditModel } from '../domain/handovers/agent-audit';
import { HandoverDesk } from '../domain/handovers/handover-desk';
import type { HandoverDeskPort } from '../domain/handovers/handover-desk';
import { registerHandoverModel } from '../domain/handovers/handover-model';
import { HandoverService } from '../domain/handovers/handover-service';
import { OfferDismissals, registerOfferDismissalModel } from '../domain/handovers/offer-dismissals';
import { registerPresenceModel } from '../domain/handovers/presence-model';
import { PresenceService } from '../domain/handovers/presence-service';
import { AppError } from '../domain/shared/errors';
import type { ChannelOutlets } from '../domain/messaging/channel-outlet';
import { partyKey } from '../domain/shared/party';
import type { AppContext, RuntimeContext } from '../runtime';
import { ShortLinks } from '../infra/auth/short-links';
import type { CatalogSnapshotSource } from '../domain/commerce/ports';
import type { LiveCallSink, RequiredPhrase } from '../domain/handovers/live-call';
import { systemClock } from '../domain/shared/clock';
import { LiveCallNeeds } from '../assist/live-call-needs';
import { defaultRequiredPhrases } from '../assist/live-call-phrases';
import { LiveCallService } from '../assist/live-call-service';
import { serveLiveCallEvents } from '../assist/live-call-socket';
import { LiveCallStore, registerLiveCallModel } from '../assist/live-call-store';
import { sharedLanguageUnderstanding } from './bot';
import { OpenHandoverMemo } from '../domain/handovers/open-handover-memo';

export interface AssistFeatureDependencies {
  /** Thunks: the features that provide them are configured before this one runs. */
  services: () => AssistServices;
  bot: () => BotResumer;
  /** Web chat's outbox on this node; undefined (or throwing) where web chat does not run. */
  chat?: () => ChatOutboxPort | undefined;
  /** The catalog the live call prices its suggestions from; without it, no live call assist. */
  catalog?: () => CatalogSnapshotSource;
  /** How the service writes to her on each messaging channel (the agent's replies go there). */
  outlets?: ChannelOutlets;
  /** What agents must say on a call (ticked off as heard); defaults to defaultRequiredPhrases. */
  requiredPhrases?: readonly RequiredPhrase[];
}

export interface AssistFeature {
  name: 'assist';
  configure(context: RuntimeContext): Promise<void>;
  configureApp(context: AppContext): void;
  readonly handovers: HandoverService;
  readonly presence: PresenceService;
  readonly audit: AgentAuditLog;
  /** The bot's way to the desk; usable before `configure` (it resolves on first use). */
  readonly desk: HandoverDeskPort;
  /** Where a transcribed call's lines go, on app nodes with a catalog; undefined elsewhere. */
  liveCalls(): LiveCallSink | undefined;
}

interface Configured {
  handovers: HandoverService;
  desk: HandoverDesk;
  messenger: CustomerMessenger;
  presence: PresenceService;
  audit: AgentAuditLog;
  dismissals: OfferDismissals;
  cannedReplies: CannedReplyService;
}

/** The web chat room of a party, as the web-chat connector names it (`party:<partyKey>`). */
const chatRoomOf = (key: string) => `party:${key}`;

/**
 * Live agent assist: handovers in queues and routed to agents (every role: `handover.requested`
 * is taken by whichever process gets it first), and on app nodes the `/assist` namespace, live
 * panel updates and the console at `/agent`.
 */
export function createAssistFeature(dependencies: AssistFeatureDependencies): AssistFeature {
  let configured: Configured | undefined;
  const ready = (): Configured => {
    if (!configured)
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'The assist feature is not configured yet');
    return configured;
  };
  const chat = (): ChatOutboxPort | undefined => {
    try {
      return dependencies.chat?.();
    } catch {
      return undefined;
    }
  };

  // The bot asks on every turn; "none open" is remembered until a change of hers is heard.
  const holdings = new OpenHandoverMemo((party) => ready().desk.holding(party), {
    ttlMs: 60_000,
    maxEntries: 20_000,
  });
  const desk: HandoverDeskPort = {
    request: (input) => ready().desk.request(input),
    holding: (party) => holdings.holding(party),
    customerCancels: (party) => ready().desk.customerCancels(party),
    customerWantsCallback: (party) => ready().desk.customerWantsCallback(party),
  };

  let liveCalls: LiveCallService | undefined;
  let needs: Promise<LiveCallNeeds> | undefined;

  return {
    name: 'assist',
    desk,
    liveCalls: () => liveCalls,
    get handovers() {
      return ready().handovers;
    },
    get presence() {
      return ready().presence;
    },
    get audit() {
      return ready().audit;
    },
    async configure(context) {
      context.events.subscribe('handover.changed', (event) => holdings.forget(event.payload));
      context.events.subscribe('handover.requested', (event) => holdings.forget(event.payload));
      const connection = context.mongo.connection;
      const handoverModel = registerHandoverModel(connection);
      const presenceModel = registerPresenceModel(connection);
      const auditModel = registerAgentAuditModel(connection);
      const dismissalModel = registerOfferDismissalModel(connection);
      const cannedReplyModel = registerCannedReplyModel(connection);
      await Promise.all([
        cannedReplyModel.init(),
        handoverModel.init(),
        presenceModel.init(),
        auditModel.init(),
        dismissalModel.init(),
        registerLiveCallModel(connection).init(),
      ]);
      const presence = new PresenceService(presenceModel, context.events);
      const handovers = new HandoverService(handoverModel, presence, context.events);
      const logger = context.logger.child({ component: 'assist' });
      const messenger = new CustomerMessenger(dependencies.services, chat, dependencies.outlets);
      const notices = new CustomerNotices(dependencies.services, messenger, logger);
      configured = {
        presence,
        handovers,
        messenger,
        desk: new HandoverDesk(handovers, presence, {
          notifier: notices,
          numbers: notices,
          escalateAfterMs: context.config.HANDOVER_ESCALATE_AFTER_SECONDS * 1000,
          agentGoneAfterMs: context.config.AGENT_GONE_AFTER_SECONDS * 1000,
        }),
        audit: new AgentAuditLog(auditModel, {
          record: (entry) => dependencies.services().interactions.record(entry),
        }),
        dismissals: new OfferDismissals(dismissalModel),
        cannedReplies: new CannedReplyService(cannedReplyModel),
      };
      context.events.subscribe(
        'handover.requested',
        handoverIntake({
          handovers: () => ready().handovers,
          interactions: () => dependencies.services().interactions,
          logger,
        }),
      );
      context.events.subscribe('visitor.linked', async (event) => {
        await ready().handovers.identify(event.payload.visitorId, event.payload.customerId);
      });
    },
    configureApp(context) {
      const logger = context.logger.child({ component: 'assist' });
      const namespace = context.io.of(ASSIST_NAMESPACE) as AssistNamespace;
      const messenger = ready().messenger;
      const panels = new PanelBuilder(
        dependencies.services,
        ready().dismissals,
        (channel, hasPhone) => messenger.replyChannelGiven(channel, hasPhone),
      );
      // Every channel's cart change reaches her chat through `cart.updated` (serveCustomerCarts).
      const cartChanged: CartChangedNotifier = () => undefined;
      const stopCarts = serveCustomerCarts({
        chat: context.io.of('/chat'),
        events: context.events,
        carts: () => dependencies.services().carts,
        logger,
      });
      const actions = new AgentActions({
        services: dependencies.services,
        handovers: () => ready().handovers,
        audit: () => ready().audit,
        dismissals: () => ready().dismissals,
        panels,
        messenger: ready().messenger,
        desk: () => ready().desk,
        bot: dependencies.bot,
        shortLinks: new ShortLinks(context.redis, context.config.REDIS_KEY_PREFIX),
        publicBaseUrl: context.config.PUBLIC_BASE_URL,
        cartChanged,
        handoverTaken: (seconds, handover) =>
          context.metrics.handoverWait.observe({ queue: handover.queue }, seconds),
      });
      serveAssistNamespace({
        namespace,
        tokens: context.tokens,
        users: () => dependencies.services().users,
        handovers: () => ready().handovers,
        presence: () => ready().presence,
        desk: () => ready().desk,
        actions,
        panels,
        logger,
        agentTyping: (party, on, agentName) =>
          context.io
            .of('/chat')
            .to(chatRoomOf(partyKey(party)))
            .emit('typing', { on, name: agentName }),
      });
      serveCustomerTyping({ chat: context.io.of('/chat'), assist: namespace });
      const catalog = dependencies.catalog;
      if (catalog) {
        liveCalls = new LiveCallService({
          store: new LiveCallStore(registerLiveCallModel(context.mongo.connection)),
          namespace,
          services: dependencies.services,
          snapshots: catalog,
          handovers: () => ready().handovers,
          needs: () =>
            (needs ??= sharedLanguageUnderstanding().then(
              (language) => new LiveCallNeeds(language),
            )),
          phrases:
            dependencies.requiredPhrases ??
            context.config.LIVE_CALL_REQUIRED_PHRASES ??
            defaultRequiredPhrases,
          clock: systemClock,
          logger: logger.child({ component: 'live-call' }),
        });
        serveLiveCallEvents({ namespace, actions, liveCalls, logger });
      }
      registerCannedReplyRoutes(context.app, { replies: () => ready().cannedReplies });
      const live = new AssistLive({
        namespace,
        events: context.events,
        handovers: () => ready().handovers,
        services: dependencies.services,
        panels,
        logger,
      });
      live.start();
      // Every app node sweeps; each move is conditional, so one node wins each and tells her once.
      let sweeping = false;
      const sweeper = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        ready()
          .desk.sweep()
          .catch((error: unknown) => logger.warn({ err: error }, 'handover sweep failed'))
          .finally(() => {
            sweeping = false;
          });
      }, context.config.HANDOVER_SWEEP_MS);
      sweeper.unref();
      context.app.addHook('onClose', async () => {
        clearInterval(sweeper);
        live.stop();
        stopCarts();
      });
      registerAgentConsole(context.app);
    },
  };
}
