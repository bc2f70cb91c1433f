import type { WebRendering } from '../../bot/rendering/render-web';
import type { ErrorCode } from '../../domain/shared/errors';
import type { PartyRef } from '../../domain/shared/party';

/** The socket.io namespace customers chat on; the agent side is `/assist`. */
export const CHAT_NAMESPACE = '/chat';

export const chatDirections = ['in', 'out'] as const;
/** `in`: said by the customer; `out`: said to her. */
export type ChatDirection = (typeof chatDirections)[number];

export const chatAuthors = ['customer', 'bot', 'agent', 'system'] as const;
export type ChatAuthor = (typeof chatAuthors)[number];

/** One chat message as the widget shows it, live or replayed. */
export interface ChatMessageView {
  id: string;
  direction: ChatDirection;
  author: ChatAuthor;
  /** The agent's display name, for agent messages. */
  authorName?: string;
  /** The sender's own id for an inbound message, so the tab that sent it can match it. */
  clientId?: string;
  /** What she typed (inbound). */
  text?: string;
  /** The button she pressed (inbound), and the label it showed. */
  value?: string;
  label?: string;
  /** For a bot's answer: the id of the message it answers. */
  inReplyTo?: string;
  /** Bubbles, cards and buttons (outbound). */
  rendering?: WebRendering;
  /** ISO 8601. */
  at: string;
}

/** What a customer sends: typed text, or a pressed button's value. */
export interface SendMessagePayload {
  /** Chosen by the client, unique per message: a resend with the same id is processed once. */
  clientId: string;
  text?: string;
  value?: string;
  /** The pressed button's label, shown in the transcript; never interpreted. */
  label?: string;
}

export type ChatErrorCode = Extract<
  ErrorCode,
  'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'BUSY' | 'INTERNAL'
>;

export type SendMessageAck =
  | { ok: true; messageId: string; duplicate?: boolean }
  | {
      ok: false;
      /**
       * `BUSY`: the node could not take the message now and stored nothing; send it again (same
       * clientId) after `retryAfterMs`.
       */
      error: { code: ChatErrorCode; message: string; retryAfterMs?: number };
    };

export const chatSessionKinds = ['visitor', 'customer'] as const;
export type ChatSessionKind = (typeof chatSessionKinds)[number];

export interface ChatSession {
  /** `customer` once she is known (signed in, or proved her number in this chat). */
  kind: ChatSessionKind;
}

export interface ChatHistory {
  /** Oldest first, at most the last 50. */
  messages: ChatMessageView[];
  hasMore: boolean;
}

/** Sent by the assist and pages features when her shared cart changes on any channel. */
export interface CartUpdatedView {
  cartId: string;
  version: number;
  /** The channel the change came from. */
  channel: string;
  /** What is in it now, by product name (web chat prices). */
  items?: Array<{ name: string; quantity: number }>;
  totals?: {
    recurring: { amount: number; currency: string };
    oneTime: { amount: number; currency: string };
  };
}

export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: (result: SendMessageAck) => void) => void;
  /** She is (or stopped) typing: the agent holding her conversation sees it. */
  'typing:set': (payload: { on: boolean }) => void;
}

export interface ServerToClientEvents {
  session: (session: ChatSession) => void;
  history: (history: ChatHistory) => void;
  message: (message: ChatMessageView) => void;
  /** Someone is writing to her: the assistant, or an agent by `name`. */
  typing: (state: { on: boolean; name?: string }) => void;
  'cart:updated': (cart: CartUpdatedView) => void;
}

export type InterServerEvents = Record<string, never>;

/** Kept on each socket; plain data, so `fetchSockets()` can carry it across nodes. */
export interface ChatSocketData {
  party: PartyRef;
  /** The browser's visitor id, kept once she is known, so the bot can still link by code. */
  visitorId?: string;
  /** The campaign whose personal link opened this chat (verified), so its promotions apply. */
  campaignId?: string;
}

/** Refusals at the handshake, readable by the widget from `connect_error` (`err.data.code`). */
export const handshakeErrorCodes = [
  'CHAT_AUTH_REQUIRED',
  'VISITOR_TOKEN_INVALID',
  'CUSTOMER_TOKEN_INVALID',
] as const;
export type HandshakeErrorCode = (typeof handshakeErrorCodes)[number];
