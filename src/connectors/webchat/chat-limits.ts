import { defaultTurnAdmissionLimits } from './turn-admission';
import type { TurnAdmissionLimits } from './turn-admission';

/**
 * Per-socket limits of the `/chat` namespace, and the node's admission of bot turns; the feature may
 * override them (tests, load).
 */
export interface ChatLimits extends TurnAdmissionLimits {
  /** Longest message text, in characters (`PAYLOAD_TOO_LARGE` above). */
  maxTextLength: number;
  /** Token bucket: this many messages per `rateWindowMs` (`RATE_LIMITED` above). */
  rateMessages: number;
  rateWindowMs: number;
  /** How many past messages a (re)connecting tab is sent. */
  historySize: number;
}

export const defaultChatLimits: ChatLimits = {
  maxTextLength: 2000,
  rateMessages: 10,
  rateWindowMs: 10_000,
  historySize: 50,
  ...defaultTurnAdmissionLimits,
};
