import type { Money } from '../shared/money';
import type { PartyRef } from '../shared/party';

/*
 * A call an agent is on, transcribed as it is spoken. Channel-neutral: the telephony connector
 * feeds lines through `LiveCallSink`, the assist side shows them, suggests and keeps the record.
 */

/** Who spoke a line: the customer (the caller's own audio) or the agent (what the caller hears). */
export const liveSpeakers = ['customer', 'agent'] as const;
export type LiveSpeaker = (typeof liveSpeakers)[number];

export const liveCallStates = ['live', 'ended'] as const;
export type LiveCallState = (typeof liveCallStates)[number];

/** One call as the connector knows it: whose it is, and the handover that brought the agent in. */
export interface LiveCallRef {
  callSid: string;
  party: PartyRef;
  handoverId: string;
}

export interface LiveTranscriptLine extends LiveCallRef {
  speaker: LiveSpeaker;
  text: string;
  /** A partial line is replaced by the next partial or the final line of the same speaker. */
  final: boolean;
  confidence?: number;
  /** Increases with every event of one transcription: orders lines, tells a stale partial. */
  sequence: number;
  at: Date;
}

/** The port the telephony connector speaks to; each call is idempotent for redelivered events. */
export interface LiveCallSink {
  started(call: LiveCallRef, at: Date): Promise<void>;
  line(line: LiveTranscriptLine): Promise<void>;
  /** The transcription stopped or the call ended: the call goes on her timeline, once. */
  ended(callSid: string, at: Date): Promise<void>;
}

/** What the customer's words showed she needs. */
export const liveNeedKinds = [
  'roaming',
  'more-data',
  'cheaper-plan',
  'promotion',
  'asked',
] as const;
export type LiveNeedKind = (typeof liveNeedKinds)[number];

export interface LiveNeed {
  kind: LiveNeedKind;
  /** The words that showed it, as she said them. */
  heard: string;
  /** Where she is going ("Spain"), for roaming. */
  destination?: string;
  /** When, in her words ("next week"), for roaming. */
  when?: string;
  /** Extra data she said she needs each month, in GB. */
  dataGb?: number;
  /** The offering she named, for `asked`. */
  offeringId?: string;
}

export const suggestionStatuses = ['shown', 'accepted', 'dismissed'] as const;
export type SuggestionStatus = (typeof suggestionStatuses)[number];

/** One offer put in front of the agent during the call. */
export interface LiveSuggestion {
  id: string;
  need: LiveNeedKind;
  offeringId: string;
  name: string;
  characteristics: Record<string, string | number>;
  /** The agent-channel price, from the pricing engine. */
  price: { recurring: Money; oneTime: Money };
  /** Why, in plain words the agent can repeat. */
  reason: string;
  status: SuggestionStatus;
  /** The campaign whose promotion the price includes. */
  campaignId?: string;
  suggestedAt: Date;
  decidedAt?: Date;
}

/** Wording the agent must say on the call (consent before an order, a recording notice). */
export interface RequiredPhrase {
  id: string;
  label: string;
  /** The words as the script has them; heard when enough of its words are said in one line. */
  text: string;
}
