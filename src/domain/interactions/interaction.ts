import type { Channel } from '../shared/channel';
import type { PartyRef } from '../shared/party';

/** What happened; every channel's activity is one of these on one timeline (TMF683 PartyInteraction). */
export const interactionKinds = [
  'message',
  'call',
  'link-click',
  'offer-view',
  'cart-change',
  'quote',
  'order',
  'handover',
  'campaign-send',
  'identity-link',
  'note',
] as const;
export type InteractionKind = (typeof interactionKinds)[number];

export const interactionDirections = ['inbound', 'outbound', 'internal'] as const;
export type InteractionDirection = (typeof interactionDirections)[number];

/** Where it happened: a sales channel, or `system` for what no person did (activation, provisioning). */
/** The service's own doing (a provisioning step, a sweep): on no customer channel. */
export const SYSTEM_CHANNEL = 'system';
export type InteractionChannel = Channel | typeof SYSTEM_CHANNEL;

/** What the interaction concerns, so a timeline entry links to the cart, order or offer. */
export interface InteractionRef {
  type:
    | 'cart'
    | 'quote'
    | 'order'
    | 'offering'
    | 'campaign'
    | 'message'
    | 'handover'
    | 'call'
    | 'customer';
  id: string;
}

export interface NewInteraction {
  party: PartyRef;
  kind: InteractionKind;
  channel: InteractionChannel;
  direction: InteractionDirection;
  /** A short line for timelines and agent panels. */
  summary: string;
  /** Groups the turns of one conversation (a chat session, a call, an SMS thread). */
  conversationId?: string;
  ref?: InteractionRef;
  /** Kind-specific facts (message text and attachments, order totals, click target...). */
  details?: Record<string, unknown>;
  /** Recording the same key twice keeps one entry: redelivered webhooks, retried jobs. */
  dedupeKey?: string;
  occurredAt?: Date;
}

export interface Interaction extends Omit<NewInteraction, 'occurredAt'> {
  id: string;
  occurredAt: Date;
}

/** The port every context records its activity through. */
export interface TimelineRecorder {
  record(entry: NewInteraction): Promise<Interaction>;
  /**
   * Entries written together in one round trip when `flush` is called, each stamped (when it
   * gives no `occurredAt`) as it is added. Optional: a recorder without it records one by one.
   */
  batch?(): TimelineBatch;
}

/** Timeline entries gathered during a turn, written in one round trip. */
export interface TimelineBatch {
  add(entry: NewInteraction): void;
  /** Writes what was added since the last flush (nothing: no round trip). */
  flush(): Promise<void>;
}
