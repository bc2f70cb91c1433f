import { VOICE_QUEUE } from '../../../domain/handovers/handover';

/** The knobs of the speech loop; defaults suit Twilio's en-GB recogniser on a phone line. */
export interface VoicePolicy {
  /** Below this, recognition is more often wrong than right: ask again rather than act on it. */
  minConfidence: number;
  /** Consecutive misses after which a person takes the call instead of the caller repeating forever. */
  maxMisses: number;
  /** The TaskRouter or `<Enqueue>` queue agents answer: the handover is queued under the same name. */
  queueName: string;
}

export const defaultVoicePolicy: VoicePolicy = {
  minConfidence: 0.4,
  maxMisses: 3,
  queueName: VOICE_QUEUE,
};

const askingForAPerson = /\b(agent|person|human|operator|representative|someone real)\b/i;

export function asksForAPerson(speech: string): boolean {
  return askingForAPerson.test(speech);
}

export const voiceLines = {
  didNotCatch: "Sorry, I didn't catch that. Could you say it again?",
  transferring: "I'll put you through to one of my colleagues now. Please hold.",
  callNotFound: "Sorry, I've lost track of this call. Let me find you a colleague.",
} as const;
