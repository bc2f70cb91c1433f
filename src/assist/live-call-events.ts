import type { LiveSpeaker, SuggestionStatus } from '../domain/handovers/live-call';
import type { Money } from '../domain/shared/money';
import type { AckFn, CartView } from './assist-events';

/** One line of the call as the panel shows it; a partial is replaced by its speaker's next line. */
export interface LiveLineView {
  callSid: string;
  handoverId: string;
  partyKey: string;
  speaker: LiveSpeaker;
  text: string;
  final: boolean;
  sequence: number;
  /** ISO 8601. */
  at: string;
}

export interface LiveSuggestionView {
  callSid: string;
  handoverId: string;
  partyKey: string;
  id: string;
  offeringId: string;
  name: string;
  characteristics: Record<string, string | number>;
  price: { recurring: Money; oneTime: Money };
  /** "£7.50 one-off", as the agent reads it out. */
  priceText: string;
  reason: string;
  status: SuggestionStatus;
}

export interface LivePhraseView {
  id: string;
  label: string;
  text: string;
  heard: boolean;
}

export interface LivePhrasesView {
  callSid: string;
  handoverId: string;
  partyKey: string;
  phrases: LivePhraseView[];
}

/** The whole call so far, for a panel opened (or reconnected) mid-call. */
export interface LiveCallView {
  callSid: string;
  handoverId: string;
  partyKey: string;
  state: 'live' | 'ended';
  lines: LiveLineView[];
  suggestions: LiveSuggestionView[];
  phrases: LivePhraseView[];
  /** Set once the call ended: what went on her timeline. */
  summary?: string;
}

export interface LiveCallServerEvents {
  /** A line was heard (partial or final). */
  'livecall:line': (line: LiveLineView) => void;
  /** A suggestion appeared or changed (accepted, dismissed). */
  'livecall:suggestion': (suggestion: LiveSuggestionView) => void;
  /** The agent said one of the phrases she must say. */
  'livecall:phrases': (phrases: LivePhrasesView) => void;
  /** Transcription started or the call ended: the whole state. */
  'livecall:state': (call: LiveCallView) => void;
}

export interface LiveCallClientEvents {
  /** The live call of a conversation, if it has one. */
  'livecall:get': (
    payload: { handoverId: string },
    ack: AckFn<{ call: LiveCallView | null }>,
  ) => void;
  /** Adds the suggested offer to her cart (the same cart action agents use). */
  'livecall:accept': (
    payload: { handoverId: string; suggestionId: string },
    ack: AckFn<{ suggestion: LiveSuggestionView; cart: CartView }>,
  ) => void;
  'livecall:dismiss': (
    payload: { handoverId: string; suggestionId: string },
    ack: AckFn<{ suggestion: LiveSuggestionView }>,
  ) => void;
}
