import { SmsConnector } from '../connectors/twilio/sms-connector';
import type { SmsConnectorOptions } from '../connectors/twilio/sms-connector';
import type { TwilioStandIn } from '../connectors/twilio/stand-in/twilio-stand-in';
import type { ChannelOutlets, ConsentRegistry, SmsSender } from '../domain/messaging';
import { smsOutlet } from '../connectors/twilio/sms-outlet';
import type { AppContext, RuntimeContext } from '../runtime';
import { registerVoiceRoutes } from '../connectors/twilio/voice/voice-routes';
import type { VoiceTurnHandler } from '../connectors/twilio/voice/voice-turn-handler';
import type { TimelineRecorder } from '../domain/interactions/interaction';
import type { LiveCallSink } from '../domain/handovers/live-call';
import { redisDeliveryDedupe } from '../connectors/twilio/voice/live-transcription-route';
import { registerVoiceStandInRoutes } from '../connectors/twilio/stand-in/voice-stand-in-routes';
import { STAND_IN_MOUNT_PATH } from '../connectors/twilio/twilio-settings';

export interface TwilioFeatureOptions extends SmsConnectorOptions {
  /** Answers the voice line's turns (the bot); without it, no voice webhooks are mounted. */
  voiceHandler?: VoiceTurnHandler;
  /** Where the voice line records calls and handovers. */
  timeline?: TimelineRecorder;
  /** Live call assist: where the transcribed lines of a call handed to an agent go. */
  liveCalls?: () => LiveCallSink | undefined;
  /** Where this runtime's channel outlets are listed; the SMS outlet joins it once configured. */
  outlets?: ChannelOutlets;
}

export interface TwilioFeature {
  name: 'twilio';
  /** Every role: the SMS models and indexes, consent, and the `sms-inbound`/`sms-outbound` queues. */
  configure(context: RuntimeContext): Promise<void>;
  /**
   * App role: `POST /webhooks/twilio/sms`, `POST /webhooks/twilio/status`, the stand-in, and with a
   * voice handler `POST /webhooks/twilio/voice` with its Gather and status paths.
   */
  configureApp(context: AppContext): void;
  /** Sends SMS through the outbound queue; available once `configure` ran. */
  smsSender(): SmsSender;
  /** The consent registry keyword handling and marketing sends consult; after `configure`. */
  consent(): ConsentRegistry;
  /** The stand-in this app node mounted at `/dev/twilio`, when no real Twilio is configured. */
  standIn(): TwilioStandIn | undefined;
}

/**
 * Twilio SMS for one runtime. Wire it into src/features.ts:
 *
 *   const twilio = createTwilioFeature({ inboundHandler: bot.smsHandler });
 *   features.push(twilio);            // { name, configure, configureApp }
 *   campaigns.useSender(() => twilio.smsSender());
 *
 * Options: `inboundHandler` receives every inbound SMS that is not STOP/START/HELP (without one,
 * those messages are only stored); `consent` replaces the interim `sms_consents` registry (the
 * customer record should provide it); `helpText`; `outbound` ({ ratePerSecond = 10, attempts = 8,
 * backoffMs = 1000 }); `standInStatusStepMs`. One instance serves one runtime.
 */
export function createTwilioFeature(options: TwilioFeatureOptions = {}): TwilioFeature {
  let connector: SmsConnector | undefined;
  const configured = (): SmsConnector => {
    if (!connector) throw new Error('the twilio feature is not configured yet');
    return connector;
  };
  return {
    name: 'twilio',
    async configure(context) {
      connector = await SmsConnector.configure(context, options);
      options.outlets?.register(smsOutlet(connector.sender));
    },
    configureApp(context) {
      const sms = configured();
      sms.registerRoutes(context);
      if (options.voiceHandler && options.timeline) {
        registerVoiceRoutes(context.app, {
          settings: sms.settings,
          connection: context.mongo.connection,
          handler: options.voiceHandler,
          timeline: options.timeline,
          events: context.events,
          ...(options.liveCalls
            ? {
                liveTranscription: {
                  sink: options.liveCalls,
                  dedupe: redisDeliveryDedupe(
                    context.redis,
                    `${context.config.REDIS_KEY_PREFIX}:twilio:transcription`,
                  ),
                },
              }
            : {}),
        });
        if (sms.settings.usesStandIn) {
          // The stand-in places scripted, transcribed calls through the same signed webhooks.
          registerVoiceStandInRoutes(context.app, {
            accountSid: sms.settings.accountSid,
            authToken: sms.settings.authToken,
            baseUrl: () => sms.settings.publicBaseUrl.value,
            ownNumber: sms.settings.fromNumber,
            basePath: STAND_IN_MOUNT_PATH,
            logger: context.logger.child({ component: 'twilio-stand-in' }),
          });
        }
      }
    },
    smsSender: () => configured().sender,
    consent: () => configured().consent,
    standIn: () => configured().standIn,
  };
}
