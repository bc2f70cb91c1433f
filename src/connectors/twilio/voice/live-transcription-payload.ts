import { z } from 'zod';
import type { FormParams } from '../webhook-signature';
import { CALL_SID_PATTERN } from './voice-payloads';

/** Twilio's real-time transcription events (`<Start><Transcription statusCallbackUrl>`). */
export const transcriptionEvents = [
  'transcription-started',
  'transcription-content',
  'transcription-stopped',
  'transcription-error',
] as const;
export type TranscriptionEventName = (typeof transcriptionEvents)[number];

export const transcriptionTracks = ['inbound_track', 'outbound_track'] as const;
export type TranscriptionTrack = (typeof transcriptionTracks)[number];

const TRANSCRIPTION_SID_PATTERN = /^GT[0-9a-f]{32}$/;

/** `TranscriptionData` is JSON inside a form field: `{"transcript":"…","confidence":0.93}`. */
const transcriptionData = z
  .string()
  .max(20_000)
  .transform((raw, context) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'TranscriptionData is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.object({
      transcript: z.string().max(5000),
      confidence: z.number().min(0).max(1).optional(),
    }),
  );

const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

function baseFields(accountSid: string) {
  return z.object({
    AccountSid: z.literal(accountSid, { error: 'must be this service’s Twilio account' }),
    CallSid: z.string().regex(CALL_SID_PATTERN),
    TranscriptionSid: z.string().regex(TRANSCRIPTION_SID_PATTERN),
    SequenceId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    Timestamp: z.string().max(64).optional(),
    LanguageCode: z.string().max(16).optional(),
    ProviderConfiguration: z.string().max(2000).optional(),
    Name: z.string().max(200).optional(),
  });
}

export function transcriptionSchema(accountSid: string) {
  const base = baseFields(accountSid);
  return z.discriminatedUnion('TranscriptionEvent', [
    base.extend({ TranscriptionEvent: z.literal('transcription-started') }),
    base.extend({
      TranscriptionEvent: z.literal('transcription-content'),
      Track: z.enum(transcriptionTracks),
      TranscriptionData: transcriptionData,
      Final: booleanText,
      Stability: z.string().max(16).optional(),
    }),
    base.extend({ TranscriptionEvent: z.literal('transcription-stopped') }),
    base.extend({
      TranscriptionEvent: z.literal('transcription-error'),
      TranscriptionError: z.string().max(2000).optional(),
      TranscriptionErrorCode: z.string().max(32).optional(),
    }),
  ]);
}

export type TranscriptionCallback =
  | {
      event: 'transcription-started' | 'transcription-stopped' | 'transcription-error';
      callSid: string;
      transcriptionSid: string;
      sequence: number;
      at: Date;
    }
  | {
      event: 'transcription-content';
      callSid: string;
      transcriptionSid: string;
      sequence: number;
      at: Date;
      track: TranscriptionTrack;
      transcript: string;
      confidence?: number;
      final: boolean;
    };

function timestampOf(value: string | undefined, now: Date): Date {
  const parsed = value ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : now;
}

export function transcriptionParser(accountSid: string) {
  const schema = transcriptionSchema(accountSid);
  return {
    schema,
    parse(params: FormParams, now: Date): TranscriptionCallback {
      const parsed = schema.parse(params);
      const common = {
        callSid: parsed.CallSid,
        transcriptionSid: parsed.TranscriptionSid,
        sequence: parsed.SequenceId,
        at: timestampOf(parsed.Timestamp, now),
      };
      if (parsed.TranscriptionEvent !== 'transcription-content') {
        return { event: parsed.TranscriptionEvent, ...common };
      }
      return {
        event: 'transcription-content',
        ...common,
        track: parsed.Track,
        transcript: parsed.TranscriptionData.transcript.trim(),
        ...(parsed.TranscriptionData.confidence !== undefined
          ? { confidence: parsed.TranscriptionData.confidence }
          : {}),
        final: parsed.Final,
      };
    },
  };
}
