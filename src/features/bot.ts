import type { BotServices } from '../bot/bot-services';
import type { ConversationEngine } from '../bot/conversation';
import { BotConversationEngine } from '../bot/engine/bot-conversation-engine';
import { MongoStorage } from '../bot/state/mongo-storage';
import { LanguageUnderstanding, loadEnglishCorpus } from '../bot/understanding';
import { systemClock } from '../domain/shared/clock';
import type { InboundTurn, TurnResult } from '../bot/conversation';
import type { ServiceMetrics } from '../infra/metrics/service-metrics';
import type { RuntimeContext } from '../runtime';

/** A cart worth more than £600 over its first year is a sale for a person to close. */
const DEFAULT_HIGH_VALUE_MINOR = 60_000;

let trained: Promise<LanguageUnderstanding> | undefined;

/** Trained once per process: the model is read-only, so every runtime in it shares one. */
export function sharedLanguageUnderstanding(): Promise<LanguageUnderstanding> {
  trained ??= LanguageUnderstanding.train(loadEnglishCorpus());
  return trained;
}

export interface BotFeatureDependencies {
  services: (
    context: RuntimeContext,
  ) => Omit<BotServices, 'portalUrl' | 'highValueMinor' | 'clock' | 'events'>;
  highValueMinor?: number;
}

export interface BotFeature {
  name: 'bot';
  configure(context: RuntimeContext): Promise<void>;
  /** The conversation engine every channel connector feeds; after `configure`. */
  engine(): BotConversationEngine;
}

/** The sales bot for one runtime: its state store, its understanding, the engine. */
export function createBotFeature(dependencies: BotFeatureDependencies): BotFeature {
  let engine: BotConversationEngine | undefined;
  return {
    name: 'bot',
    async configure(context) {
      const language = await sharedLanguageUnderstanding();
      engine = new TimedBotConversationEngine(context.metrics, {
        storage: new MongoStorage(context.mongo.connection),
        language,
        locks: context.locks,
        services: {
          ...dependencies.services(context),
          events: context.events,
          clock: systemClock,
          portalUrl: context.config.PUBLIC_BASE_URL,
          highValueMinor: dependencies.highValueMinor ?? DEFAULT_HIGH_VALUE_MINOR,
        },
      });
    },
    engine() {
      if (!engine) throw new Error('the bot feature is not configured yet');
      return engine;
    },
  };
}

export type { ConversationEngine };

/** The engine with each turn timed, whatever the channel that fed it and however it ended. */
class TimedBotConversationEngine extends BotConversationEngine {
  constructor(
    private readonly metrics: ServiceMetrics,
    deps: ConstructorParameters<typeof BotConversationEngine>[0],
  ) {
    super(deps);
  }

  override async handleTurn(turn: InboundTurn): Promise<TurnResult> {
    const end = this.metrics.botTurnDuration.startTimer({ channel: String(turn.channel) });
    try {
      return await super.handleTurn(turn);
    } finally {
      end();
    }
  }
}
