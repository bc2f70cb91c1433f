import type { FastifyInstance } from 'fastify';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { TimelineRecorder } from '../../../domain/interactions/interaction';
import type { Clock } from '../../../domain/shared/clock';
import { systemClock } from '../../../domain/shared/clock';
import type { DomainEventPublisher } from '../../../domain/shared/events';
import { maskPhone } from '../../../infra/logger';
import type { TwilioSettings } from '../twilio-settings';
import { EMPTY_TWIML } from '../twiml';
import { formParamsOf, requireTwilioSignature } from '../webhook-signature';
import { registerVoiceCallModel } from './voice-call-model';
import { VoiceCallFlow } from './voice-call-flow';
import { VoiceCallStore } from './voice-call-store';
import { voicePayloadParsers } from './voice-payloads';
import { defaultVoicePolicy } from './voice-policy';
import type { VoicePolicy } from './voice-policy';
import { VOICE_GATHER_PATH } from './voice-twiml';
import type { VoiceTurnHandler } from './voice-turn-handler';
import { documented } from '../../../infra/http/api-docs/route-doc';
import type { LiveCallSink } from '../../../domain/handovers/live-call';
import {
  registerLiveTranscriptionRoute,
  VOICE_TRANSCRIPTION_PATH,
} from './live-transcription-route';
import type { DeliveryDedupe } from './live-transcription-route';

export const VOICE_CALL_PATH = '/webhooks/twilio/voice';
export const VOICE_STATUS_PATH = '/webhooks/twilio/voice/status';

export interface VoiceRouteDeps {
  settings: Pick<TwilioSettings, 'accountSid' | 'authToken' | 'publicBaseUrl'>;
  /** Where the `voice_calls` model is registered. */
  connection: Connection;
  handler: VoiceTurnHandler;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  policy?: Partial<VoicePolicy>;
  clock?: Clock;
  /**
   * Live call assist: a call handed to an agent is transcribed in real time (both tracks) and the
   * lines go to `sink`; redelivered events are dropped by `dedupe`.
   */
  liveTranscription?: { sink: () => LiveCallSink | undefined; dedupe: DeliveryDedupe };
}

const gatherQuery = z.object({ turn: z.coerce.number().int().min(1).max(10_000) });

/**
 * Twilio Voice: the incoming-call webhook (the number's Voice URL), the Gather answers the TwiML
 * points back to, and the call status callback (the number's Status Callback URL). All signed.
 */
export function registerVoiceRoutes(app: FastifyInstance, deps: VoiceRouteDeps): void {
  const { settings } = deps;
  // Idempotent: the SMS connector may have bound the same URL already.
  app.addHook('onListen', async () => settings.publicBaseUrl.bindTo(app.server.address()));
  const verifySignature = requireTwilioSignature(settings.authToken, settings.publicBaseUrl);
  const parse = voicePayloadParsers(settings.accountSid);
  const store = new VoiceCallStore(registerVoiceCallModel(deps.connection));
  const clock = deps.clock ?? systemClock;
  const live = deps.liveTranscription;
  const flow = new VoiceCallFlow({
    handler: deps.handler,
    store,
    timeline: deps.timeline,
    events: deps.events,
    policy: { ...defaultVoicePolicy, ...deps.policy },
    clock,
    logger: app.log,
    ...(live
      ? {
          liveTranscription: {
            start: () => ({
              statusCallbackUrl: settings.publicBaseUrl.of(VOICE_TRANSCRIPTION_PATH),
            }),
            sink: live.sink,
          },
        }
      : {}),
  });
  if (live) {
    registerLiveTranscriptionRoute(app, {
      accountSid: settings.accountSid,
      verifySignature,
      store,
      sink: live.sink,
      dedupe: live.dedupe,
      clock,
    });
  }

  app.post(
    VOICE_CALL_PATH,
    {
      ...documented({
        summary: 'Twilio incoming call webhook',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: parse.schemas?.incomingCall ?? z.record(z.string(), z.string()),
        responses: {
          200: { description: 'TwiML', contentType: 'text/xml', schema: z.string() },
          403: 'The signature does not match',
        },
      }),
      preHandler: verifySignature,
    },
    async (request, reply) => {
      const call = parse.incomingCall(formParamsOf(request));
      request.log.info({ callSid: call.callSid, from: maskPhone(call.from) }, 'incoming call');
      return reply
        .status(200)
        .type('text/xml')
        .send(await flow.answerCall(call));
    },
  );

  app.post(
    VOICE_GATHER_PATH,
    {
      ...documented({
        summary: 'Twilio speech gathered in a call',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: parse.schemas?.gather ?? z.record(z.string(), z.string()),
        responses: {
          200: { description: 'TwiML', contentType: 'text/xml', schema: z.string() },
          403: 'The signature does not match',
        },
        query: gatherQuery,
      }),
      preHandler: verifySignature,
    },
    async (request, reply) => {
      const { turn } = gatherQuery.parse(request.query);
      const result = parse.gather(formParamsOf(request));
      request.log.debug(
        { callSid: result.callSid, turn, confidence: result.confidence },
        'speech turn',
      );
      return reply
        .status(200)
        .type('text/xml')
        .send(await flow.answerGather(result, turn));
    },
  );

  app.post(
    VOICE_STATUS_PATH,
    {
      ...documented({
        summary: 'Twilio call status callback',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: parse.schemas?.status ?? z.record(z.string(), z.string()),
        responses: {
          200: { description: 'TwiML', contentType: 'text/xml', schema: z.string() },
          403: 'The signature does not match',
        },
      }),
      preHandler: verifySignature,
    },
    async (request, reply) => {
      const update = parse.status(formParamsOf(request));
      await flow.closeCall(update);
      request.log.debug(
        { callSid: update.callSid, status: update.terminalStatus },
        'call status callback',
      );
      return reply.status(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}
