import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { LiveCallRef, LiveCallSink } from '../../../domain/handovers/live-call';
import type { Clock } from '../../../domain/shared/clock';
import { documented } from '../../../infra/http/api-docs/route-doc';
import type { RedisClient } from '../../../infra/redis/connection';
import { EMPTY_TWIML } from '../twiml';
import { formParamsOf } from '../webhook-signature';
import { transcriptionParser } from './live-transcription-payload';
import type { TranscriptionCallback } from './live-transcription-payload';
import type { VoiceCallStore } from './voice-call-store';
import { z } from 'zod';

/** Where Twilio posts real-time transcription events of a call handed to an agent. */
export const VOICE_TRANSCRIPTION_PATH = '/webhooks/twilio/voice/transcription';

/** Each delivery of a transcription event is processed once, on whichever node receives it. */
export interface DeliveryDedupe {
  /** True the first time `key` is claimed. */
  claim(key: string): Promise<boolean>;
  /** Gives the key back after a failed attempt, so Twilio's retry is processed. */
  release(key: string): Promise<void>;
}

/**
 * Claims made while one batch of requests is handled go to Redis in one pipeline (one write, one
 * round trip) instead of one command each: at hundreds of events a second the per-command write
 * was a tenth of the node's CPU. Each claim is still its own `SET NX`.
 */
export function redisDeliveryDedupe(redis: RedisClient, prefix: string, ttlSeconds = 6 * 3600) {
  let queued: Array<{
    key: string;
    resolve: (won: boolean) => void;
    reject: (e: unknown) => void;
  }> = [];
  const flush = () => {
    const batch = queued;
    queued = [];
    const pipeline = redis.pipeline();
    for (const { key } of batch) pipeline.set(`${prefix}:${key}`, '1', 'EX', ttlSeconds, 'NX');
    pipeline.exec().then(
      (results) => {
        batch.forEach((entry, index) => {
          const [error, reply] = results?.[index] ?? [new Error('no reply from Redis'), null];
          if (error) entry.reject(error);
          else entry.resolve(reply === 'OK');
        });
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  };
  return {
    claim(key: string) {
      return new Promise<boolean>((resolve, reject) => {
        queued.push({ key, resolve, reject });
        if (queued.length === 1) setImmediate(flush);
      });
    },
    async release(key: string) {
      await redis.del(`${prefix}:${key}`);
    },
  } satisfies DeliveryDedupe;
}

export interface LiveTranscriptionDeps {
  accountSid: string;
  verifySignature: preHandlerAsyncHookHandler;
  store: VoiceCallStore;
  sink: () => LiveCallSink | undefined;
  dedupe: DeliveryDedupe;
  clock: Clock;
}

/** Calls already handed to an agent: who and which handover never change again. */
class CallRefs {
  private readonly refs = new Map<string, LiveCallRef>();

  constructor(
    private readonly store: VoiceCallStore,
    private readonly limit = 10_000,
  ) {}

  async of(callSid: string): Promise<LiveCallRef | undefined> {
    const known = this.refs.get(callSid);
    if (known) return known;
    const call = await this.store.find(callSid);
    if (!call?.handoverId) return undefined;
    const party = call.customerId
      ? { customerId: call.customerId }
      : call.visitorId
        ? { visitorId: call.visitorId }
        : undefined;
    if (!party) return undefined;
    const ref = { callSid, party, handoverId: call.handoverId };
    if (this.refs.size >= this.limit) {
      const oldest = this.refs.keys().next();
      if (!oldest.done) this.refs.delete(oldest.value);
    }
    this.refs.set(callSid, ref);
    return ref;
  }
}

/**
 * The transcription status callback: signed like every Twilio webhook, validated, each
 * (TranscriptionSid, SequenceId) processed once, then handed to the live-call side.
 */
export function registerLiveTranscriptionRoute(
  app: FastifyInstance,
  deps: LiveTranscriptionDeps,
): void {
  const parser = transcriptionParser(deps.accountSid);
  const refs = new CallRefs(deps.store);

  async function deliver(callback: TranscriptionCallback): Promise<void> {
    const sink = deps.sink();
    if (!sink) return;
    if (callback.event === 'transcription-error') return;
    if (callback.event === 'transcription-stopped') {
      await sink.ended(callback.callSid, callback.at);
      return;
    }
    const ref = await refs.of(callback.callSid);
    // Transcription of a call nobody was handed: nothing to show anyone.
    if (!ref) return;
    if (callback.event !== 'transcription-content') {
      await sink.started(ref, callback.at);
      return;
    }
    if (callback.transcript === '') return;
    await sink.line({
      ...ref,
      speaker: callback.track === 'inbound_track' ? 'customer' : 'agent',
      text: callback.transcript,
      final: callback.final,
      ...(callback.confidence !== undefined ? { confidence: callback.confidence } : {}),
      sequence: callback.sequence,
      at: callback.at,
    });
  }

  app.post(
    VOICE_TRANSCRIPTION_PATH,
    {
      ...documented({
        summary: 'Twilio real-time transcription status callback',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: parser.schema,
        responses: {
          200: { description: 'Empty TwiML', contentType: 'text/xml', schema: z.string() },
          403: 'The signature does not match',
        },
      }),
      preHandler: deps.verifySignature,
    },
    async (request, reply) => {
      const callback = parser.parse(formParamsOf(request), deps.clock.now());
      const key = `${callback.transcriptionSid}:${callback.sequence}`;
      if (await deps.dedupe.claim(key)) {
        try {
          await deliver(callback);
        } catch (error) {
          await deps.dedupe.release(key).catch(() => undefined);
          throw error;
        }
      } else {
        request.log.debug({ callSid: callback.callSid, key }, 'transcription event redelivered');
      }
      return reply.status(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}
