/** Per-socket limits of the `/chat` namespace; the feature may override them (tests, load). */
export interface ChatLimits {
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
};
