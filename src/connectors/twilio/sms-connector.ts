import type { Queue } from 'bullmq';
import { SmsMessageStore, registerSmsMessageModel } from '../../domain/messaging';
import type { ConsentRegistry, InboundSmsHandler, SmsSender } from '../../domain/messaging';
import type { AppContext, RuntimeContext } from '../../runtime';
import { MongoConsentRegistry } from './consent/mongo-consent-registry';
import { registerSmsConsentModel } from './consent/sms-consent-model';
import { DEFAULT_HELP_TEXT, InboundSmsProcessor } from './inbound-sms-processor';
import type { InboundSmsJob } from './inbound-sms-processor';
import { InboundSmsIntake } from './inbound-sms-intake';
import { InboundSmsSweeper } from './inbound-sms-sweeper';
import { inboundSmsPayloadParser } from './inbound-sms-payload';
import { INBOUND_SMS_PATH, registerInboundSmsRoute } from './inbound-sms-route';
import { OutboundSmsProcessor } from './outbound-sms-processor';
import { PublicBaseUrl } from './public-base-url';
import { QueuedSmsSender } from './queued-sms-sender';
import { defineInboundSmsQueue, defineOutboundSmsQueue } from './sms-queues';
import type { OutboundQueueOptions } from './sms-queues';
import { registerStandInRoutes } from './stand-in/stand-in-routes';
import { TwilioStandIn } from './stand-in/twilio-stand-in';
import { statusCallbackParser } from './status-callback-payload';
import { registerStatusCallbackRoute, statusCallbackPathFor } from './status-callback-route';
import { TwilioMessagesClient } from './twilio-messages-client';
import { STAND_IN_MOUNT_PATH, resolveTwilioSettings } from './twilio-settings';
import type { TwilioSettings } from './twilio-settings';
import { requireTwilioSignature } from './webhook-signature';

export interface SmsConnectorOptions {
  inboundHandler?: InboundSmsHandler;
  /**
   * Builds the registry keyword handling and marketing sends consult on top of the number-level
   * `sms_consents` list (the customer record's consent, in the composed app). Default: the list alone.
   */
  consent?: (numbers: ConsentRegistry) => ConsentRegistry;
  helpText?: string;
  outbound?: Partial<OutboundQueueOptions>;
  /** Pause between the stand-in's status callbacks. */
  standInStatusStepMs?: number;
}

const outboundDefaults = { attempts: 8, backoffMs: 1000 };

/** The Twilio SMS side of one runtime: records, consent, queues, sender, webhooks and the stand-in. */
export class SmsConnector {
  private standInInstance: TwilioStandIn | undefined;

  private constructor(
    readonly settings: TwilioSettings,
    readonly store: SmsMessageStore,
    readonly consent: ConsentRegistry,
    readonly sender: SmsSender,
    private readonly inboundQueue: Queue<InboundSmsJob>,
    private readonly options: SmsConnectorOptions,
  ) {}

  /** Registers models (with their indexes built: uniqueness is what de-duplicates) and queues. */
  static async configure(
    context: RuntimeContext,
    options: SmsConnectorOptions = {},
  ): Promise<SmsConnector> {
    const { config, mongo, queues, logger } = context;
    const settings = resolveTwilioSettings(config, new PublicBaseUrl(config.PUBLIC_BASE_URL));
    const messages = registerSmsMessageModel(mongo.connection);
    await messages.init();
    const store = new SmsMessageStore(messages);
    const consents = registerSmsConsentModel(mongo.connection);
    await consents.init();
    const numbers = new MongoConsentRegistry(consents);
    const consent = options.consent ? options.consent(numbers) : numbers;
    const client = new TwilioMessagesClient({
      baseUrl: settings.apiBaseUrl,
      accountSid: settings.accountSid,
      authToken: settings.authToken,
    });
    const outboundProcessor = new OutboundSmsProcessor({
      store,
      consent,
      client,
      statusCallbackUrl: (messageId) => settings.publicBaseUrl.of(statusCallbackPathFor(messageId)),
      logger,
    });
    const outboundQueue = defineOutboundSmsQueue(queues, () => outboundProcessor, {
      ratePerSecond: config.TWILIO_SENDS_PER_SECOND,
      ...outboundDefaults,
      ...options.outbound,
    });
    const sender = new QueuedSmsSender({
      store,
      consent,
      queue: outboundQueue,
      fromNumber: settings.fromNumber,
      messagingServiceSid: settings.messagingServiceSid,
    });
    const inboundProcessor = new InboundSmsProcessor({
      store,
      consent,
      sender,
      handler: options.inboundHandler,
      helpText: options.helpText ?? DEFAULT_HELP_TEXT,
      logger,
      numberOptedOut: (phone) => numbers.isOptedOut(phone),
    });
    const inboundQueue = defineInboundSmsQueue(queues, () => inboundProcessor);
    const sweeper = new InboundSmsSweeper(store, inboundQueue, logger, {
      afterMs: config.INBOUND_SMS_SWEEP_AFTER_MS,
    });
    queues.every({
      name: 'inbound-sms-sweep',
      intervalMs: config.INBOUND_SMS_SWEEP_INTERVAL_MS,
      run: async () => {
        await sweeper.sweep();
      },
    });
    return new SmsConnector(settings, store, consent, sender, inboundQueue, options);
  }

  /** The webhooks, and the stand-in where no real Twilio is configured outside production. */
  registerRoutes(context: AppContext): void {
    const { app, logger } = context;
    const { settings } = this;
    app.addHook('onListen', async () => settings.publicBaseUrl.bindTo(app.server.address()));
    const verifySignature = requireTwilioSignature(settings.authToken, settings.publicBaseUrl);
    registerInboundSmsRoute(app, {
      verifySignature,
      parse: inboundSmsPayloadParser(settings.accountSid),
      intake: new InboundSmsIntake(this.store, this.inboundQueue, logger),
    });
    registerStatusCallbackRoute(app, {
      verifySignature,
      parse: statusCallbackParser(settings.accountSid),
      store: this.store,
    });
    if (!settings.usesStandIn) return;
    const standIn = new TwilioStandIn({
      accountSid: settings.accountSid,
      authToken: settings.authToken,
      fromNumber: settings.fromNumber,
      messagingServiceSid: settings.messagingServiceSid,
      inboundWebhookUrl: () => settings.publicBaseUrl.of(INBOUND_SMS_PATH),
      ...(this.options.standInStatusStepMs !== undefined
        ? { statusStepDelayMs: this.options.standInStatusStepMs }
        : {}),
      logger,
    });
    app.addHook('preClose', async () => standIn.close());
    registerStandInRoutes(app, standIn, STAND_IN_MOUNT_PATH, settings.fromNumber);
    this.standInInstance = standIn;
    logger.info({ path: STAND_IN_MOUNT_PATH }, 'twilio stand-in mounted');
  }

  /** The stand-in this app node serves, if any (development and tests). */
  get standIn(): TwilioStandIn | undefined {
    return this.standInInstance;
  }
}
