import { z } from 'zod';
import type { ZodType } from 'zod';
import type { FormParams } from '../webhook-signature';

export const CALL_SID_PATTERN = /^CA[0-9a-f]{32}$/;

const optionalText = z.string().max(2000).optional();

/** The parameters Twilio sends with every voice request; the ones we do not use are dropped. */
function callFields(accountSid: string) {
  return z.object({
    CallSid: z.string().regex(CALL_SID_PATTERN),
    AccountSid: z.literal(accountSid, { error: 'must be this service’s Twilio account' }),
    From: z.string().min(1).max(64),
    To: z.string().min(1).max(64),
    CallStatus: z.string().min(1).max(40),
    Direction: optionalText,
    ApiVersion: optionalText,
    CallerName: optionalText,
    ForwardedFrom: optionalText,
  });
}

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
}

export interface GatherResult extends IncomingCall {
  /** Empty when the caller said nothing Twilio could recognise. */
  speech: string;
  confidence: number;
}

export const terminalCallStatuses = [
  'completed',
  'no-answer',
  'busy',
  'failed',
  'canceled',
] as const;
export type TerminalCallStatus = (typeof terminalCallStatuses)[number];

export interface CallStatusUpdate extends IncomingCall {
  /** Undefined for statuses that do not end the call (`ringing`, `in-progress`…). */
  terminalStatus: TerminalCallStatus | undefined;
  durationSeconds?: number;
}

function isTerminal(status: string): status is TerminalCallStatus {
  return (terminalCallStatuses as readonly string[]).includes(status);
}

export interface VoicePayloadParsers {
  incomingCall(params: FormParams): IncomingCall;
  gather(params: FormParams): GatherResult;
  status(params: FormParams): CallStatusUpdate;
  /** The form fields each validates, for the OpenAPI document. */
  schemas?: { incomingCall: ZodType; gather: ZodType; status: ZodType };
}

export function voicePayloadParsers(accountSid: string): VoicePayloadParsers {
  const call = callFields(accountSid);
  const gather = call.extend({
    SpeechResult: z.string().max(5000).optional(),
    // Absent or empty when nothing was recognised: treated as no confidence at all.
    Confidence: z
      .union([z.literal(''), z.coerce.number().min(0).max(1)])
      .optional()
      .transform((value) => (typeof value === 'number' ? value : 0)),
  });
  const status = call.extend({
    CallDuration: z.coerce.number().int().min(0).optional(),
  });
  const identity = (parsed: z.infer<ReturnType<typeof callFields>>): IncomingCall => ({
    callSid: parsed.CallSid,
    from: parsed.From,
    to: parsed.To,
  });
  return {
    schemas: { incomingCall: call, gather, status },
    incomingCall: (params) => identity(call.parse(params)),
    gather: (params) => {
      const parsed = gather.parse(params);
      return {
        ...identity(parsed),
        speech: (parsed.SpeechResult ?? '').trim(),
        confidence: parsed.Confidence,
      };
    },
    status: (params) => {
      const parsed = status.parse(params);
      return {
        ...identity(parsed),
        terminalStatus: isTerminal(parsed.CallStatus) ? parsed.CallStatus : undefined,
        ...(parsed.CallDuration !== undefined ? { durationSeconds: parsed.CallDuration } : {}),
      };
    },
  };
}
