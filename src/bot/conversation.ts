import type { CustomerChannel } from '../domain/shared/channel';
import type { PartyRef } from '../domain/shared/party';
import type { Reply } from './rendering/reply';

/** The channels a customer talks to the bot on; `agent` is a person, never the bot. */
export type BotChannel = CustomerChannel;

/** One thing a customer said or pressed, after the connector verified and resolved who she is. */
export interface InboundTurn {
  channel: BotChannel;
  /** Who is talking: the customer (by number, sign-in or linked visitor) or an anonymous visitor. */
  party: PartyRef;
  /** The channel's own conversation (an SMS thread, a chat session, a CallSid), for the timeline. */
  conversationId: string;
  /** The channel's id for this message: a turn with an id already answered is not answered again. */
  messageId: string;
  text?: string;
  /** A button pressed on the web (a choice option id, an offer action id, `yes`/`no`). */
  value?: string;
  /** The pressed button's label as she saw it ("Summer Data Double – £4/mo"), for the timeline. */
  label?: string;
  /** The campaign the session came from (a verified tracked link), so its promotions apply. */
  campaignId?: string;
  /** Web chat's visitor id even once she is known, so the bot can link her by one-time code. */
  visitorId?: string;
  /** Attachments the customer sent (MMS), kept on the timeline with the message. */
  attachments?: ReadonlyArray<{ url: string; contentType: string }>;
}

export interface HandoverRequest {
  handoverId: string;
  reason: 'customer-asked' | 'bot-stuck' | 'cannot-serve' | 'high-value-cart' | 'voice-transfer';
  summary: string;
}

export interface TurnResult {
  /** What to say back, in order; the connector renders each for its channel. */
  replies: Reply[];
  /** Whose turn it was after the turn: a visitor who proved her number comes back as the customer. */
  party: PartyRef;
  /** Set when this turn handed the conversation to a person. */
  handover?: HandoverRequest;
  /** True when a person holds the conversation: the bot kept silent. */
  silenced?: boolean;
  /** True when this message was answered before: `replies` repeats that answer (resend idempotently). */
  replayed?: boolean;
}

/**
 * The one conversation engine every channel talks to. Turns of one party are serialised; a turn
 * whose `messageId` was already answered returns `{ replies: [] }` and changes nothing.
 */
export interface ConversationEngine {
  handleTurn(turn: InboundTurn): Promise<TurnResult>;
  /** A greeting for a party opening a channel (a chat widget, a call), by name when known. */
  greet(channel: BotChannel, party: PartyRef, conversationId: string): Promise<TurnResult>;
}
