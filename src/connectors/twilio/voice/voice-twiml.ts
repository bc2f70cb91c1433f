import twilio from 'twilio';

export const VOICE_LANGUAGE = 'en-GB';

/** Where a Gather posts what the caller said; the turn number tells a redelivery from a new answer. */
export const VOICE_GATHER_PATH = '/webhooks/twilio/voice/gather';

export function gatherActionFor(turn: number): string {
  return `${VOICE_GATHER_PATH}?turn=${turn}`;
}

/**
 * Speaks `lines` and listens for the caller's answer to turn `turn`. The lines sit inside the
 * Gather so the caller can talk over them, and an empty result still comes back to us so silence
 * counts as a miss instead of ending the call.
 */
export function sayAndGather(lines: readonly string[], turn: number): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({
    input: ['speech'],
    action: gatherActionFor(turn),
    method: 'POST',
    speechTimeout: 'auto',
    language: VOICE_LANGUAGE,
    actionOnEmptyResult: true,
  });
  for (const line of lines) gather.say({ language: VOICE_LANGUAGE }, line);
  return response.toString();
}

/** Real-time transcription of both sides of the call, reported to `statusCallbackUrl`. */
export interface TranscriptionStart {
  statusCallbackUrl: string;
}

/**
 * Speaks `lines`, then puts the caller in the agents' queue. With `transcription`, Twilio first
 * starts transcribing both tracks (the caller's and what she hears from the agent) so the agent's
 * panel can show the call as it is spoken.
 */
export function sayAndEnqueue(
  lines: readonly string[],
  queueName: string,
  transcription?: TranscriptionStart,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (transcription) {
    response.start().transcription({
      statusCallbackUrl: transcription.statusCallbackUrl,
      statusCallbackMethod: 'POST',
      track: 'both_tracks',
      partialResults: true,
      languageCode: VOICE_LANGUAGE,
      inboundTrackLabel: 'customer',
      outboundTrackLabel: 'agent',
    });
  }
  for (const line of lines) response.say({ language: VOICE_LANGUAGE }, line);
  response.enqueue(queueName);
  return response.toString();
}
