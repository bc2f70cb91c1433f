import type { NewInteraction } from '../../../domain/interactions/interaction';
import type { PartyRef } from '../../../domain/shared/party';
import type { TranscriptTurn, VoiceCallDocument } from './voice-call-model';

export function partyOf(call: VoiceCallDocument): PartyRef {
  if (call.customerId) return { customerId: call.customerId };
  if (call.visitorId) return { visitorId: call.visitorId };
  throw new Error(`voice call ${call._id} has no party`);
}

function transcriptOf(call: VoiceCallDocument) {
  return call.transcript.map((turn: TranscriptTurn) => ({
    speaker: turn.speaker,
    text: turn.text,
    ...(turn.confidence !== undefined ? { confidence: turn.confidence } : {}),
    at: turn.at.toISOString(),
  }));
}

/** The whole call as one timeline entry; keyed by CallSid so a transfer and the hang-up write it once. */
export function callInteraction(call: VoiceCallDocument, outcome: string): NewInteraction {
  const callerTurns = call.transcript.filter((turn) => turn.speaker === 'caller').length;
  return {
    party: partyOf(call),
    kind: 'call',
    channel: 'voice',
    direction: 'inbound',
    summary: `Call with the sales assistant: ${callerTurns} caller ${callerTurns === 1 ? 'turn' : 'turns'}, ${outcome}`,
    conversationId: call._id,
    ref: { type: 'call', id: call._id },
    details: {
      callSid: call._id,
      from: call.from,
      to: call.to,
      outcome,
      transcript: transcriptOf(call),
      ...(call.durationSeconds !== undefined ? { durationSeconds: call.durationSeconds } : {}),
      ...(call.handoverId ? { handoverId: call.handoverId } : {}),
    },
    dedupeKey: call._id,
    occurredAt: call.startedAt,
  };
}

/** The handover as agents see it on the timeline: why, and what was said before they joined. */
export function handoverInteraction(
  call: VoiceCallDocument,
  handoverId: string,
  reason: string,
): NewInteraction {
  return {
    party: partyOf(call),
    kind: 'handover',
    channel: 'voice',
    direction: 'internal',
    summary: `Call transferred to an agent: ${reason}`,
    conversationId: call._id,
    ref: { type: 'handover', id: handoverId },
    details: { callSid: call._id, reason, transcript: transcriptOf(call) },
    dedupeKey: `handover:${call._id}`,
  };
}
