import type { Channel } from '../domain/shared/channel';
import type { Interaction } from '../domain/interactions/interaction';
import type { ErrorCode } from '../domain/shared/errors';
import type {
  Disposition,
  HandoverKind,
  HandoverPriority,
  HandoverStatus,
} from '../domain/handovers/handover';
import type { RankedOffer } from '../domain/handovers/next-best-offers';
import type { PresenceStatus } from '../domain/handovers/presence';
import type { CartPrice } from '../domain/commerce/pricing';
import type { ChargeSplit } from '../domain/commerce/pricing';

/** The agent namespace; customers chat on `/chat`. */
export const ASSIST_NAMESPACE = '/assist';

/** A handover as lists show it (queue, my conversations, the supervisor's floor). */
export interface HandoverView {
  id: string;
  /** `customer:<id>` or `visitor:<id>`: panel patches name the party they concern. */
  partyKey: string;
  customerId?: string;
  visitorId?: string;
  /** Her name when known, else "Visitor". */
  title: string;
  channel: string;
  reason: string;
  /** `callback`: call her back on `callbackNumber` (she carries on with the bot meanwhile). */
  kind: HandoverKind;
  callbackNumber?: string;
  /** Set when it waited past the limit and supervisors were asked to find someone (ISO 8601). */
  escalatedAt?: string;
  priority: HandoverPriority;
  queue: string;
  status: HandoverStatus;
  assignedAgentId?: string;
  summary: string;
  createdAt: string;
  /** When the agent holding it accepted it (ISO 8601): the handle timer starts here. */
  acceptedAt?: string;
  updatedAt: string;
  version: number;
}

export interface CustomerHeaderView {
  customerId: string;
  name: string;
  segment: string;
  status: string;
  /** Masked unless the agent needs to dial it: +44770****23. */
  mobile?: string;
  email?: string;
  language: string;
  customerSince: string;
  smsMarketing: 'opted-in' | 'opted-out' | 'unknown';
  subscriptions: Array<{
    id: string;
    offeringId: string;
    name: string;
    status: string;
    isPlan: boolean;
  }>;
}

export interface TimelineEntryView {
  id: string;
  kind: string;
  channel: string;
  direction: string;
  summary: string;
  /** The message's words, for chat entries (agents read the transcript). */
  text?: string;
  /** `customer`, `bot` or `agent`, for chat entries. */
  author?: string;
  conversationId?: string;
  occurredAt: string;
}

export interface CartView {
  cartId: string;
  version: number;
  channel: 'agent';
  price: CartPrice;
  problems: Array<{ itemId: string; message: string }>;
  items: Array<{
    id: string;
    offeringId: string;
    quantity: number;
    characteristics: Record<string, string | number>;
    addedOn: string;
    agentDiscount?: { kind: string; value: number; byRole: string };
  }>;
  updatedBy: { channel: string; at: string };
}

export interface QuoteSummaryView {
  quoteId: string;
  state: string;
  channel: string;
  totals: ChargeSplit;
  validUntil: string;
  expired: boolean;
}

export interface OrderSummaryView {
  orderId: string;
  /** The short reference she quotes. */
  reference?: string;
  /** What she ordered, by product name. */
  items: Array<{ name: string; quantity: number }>;
  state: string;
  channel: string;
  totals: ChargeSplit;
  orderDate: string;
}

export type OfferView = Pick<
  RankedOffer,
  'offeringId' | 'name' | 'description' | 'price' | 'reasons' | 'score' | 'why' | 'isBundle'
>;

/** Everything the agent sees about one conversation. */
export interface PanelView {
  handover: HandoverView;
  customer?: CustomerHeaderView;
  timeline: { items: TimelineEntryView[]; nextCursor?: string };
  cart?: CartView;
  quote?: QuoteSummaryView;
  orders: OrderSummaryView[];
  offers: OfferView[];
  summary: string;
  /** Channels that can reach her for agent messages, best first. */
  /** Where the agent's reply goes: her channel, or its fallback (a text to her mobile). */
  replyChannel?: Channel;
}

/** A part of a panel that changed; the console applies it to every conversation with this party. */
export type PanelPatch =
  | { partyKey: string; section: 'customer'; customer: CustomerHeaderView }
  | { partyKey: string; section: 'timeline'; entry: TimelineEntryView }
  | { partyKey: string; section: 'cart'; cart: CartView; offers: OfferView[] }
  | { partyKey: string; section: 'orders'; orders: OrderSummaryView[] }
  | { partyKey: string; section: 'offers'; offers: OfferView[] }
  | { partyKey: string; section: 'quote'; quote: QuoteSummaryView };

export interface AgentSessionView {
  agent: {
    id: string;
    displayName: string;
    roles: string[];
    queues: string[];
    maxConcurrent: number;
  };
  presence: { status: PresenceStatus; load: number; maxConcurrent: number };
  supervisor: boolean;
}

/** The supervisor's floor: queues and their waits, agents and their load, open conversations. */
export interface FloorView {
  queues: Array<{
    queue: string;
    waiting: number;
    held: number;
    /** Agents available in this queue now. */
    available: number;
    /** When the longest-waiting customer asked (ISO 8601). */
    oldestSince?: string;
  }>;
  agents: Array<{
    agentId: string;
    displayName: string;
    status: PresenceStatus;
    load: number;
    maxConcurrent: number;
    queues: string[];
  }>;
  open: HandoverView[];
}

export type AssistErrorCode = ErrorCode;

export type Ack<T = Record<string, never>> =
  | ({ ok: true } & T)
  | {
      ok: false;
      error: { code: AssistErrorCode; message: string; details?: Record<string, unknown> };
    };

export type AckFn<T = Record<string, never>> = (result: Ack<T>) => void;

export interface HandoverRef {
  handoverId: string;
}

export interface ClientToServerEvents {
  'presence:set': (
    payload: { status: PresenceStatus },
    ack: AckFn<{ presence: AgentSessionView['presence'] }>,
  ) => void;
  'handover:accept': (payload: HandoverRef, ack: AckFn<{ panel: PanelView }>) => void;
  'handover:decline': (payload: HandoverRef, ack: AckFn) => void;
  'handover:transfer': (
    payload: HandoverRef & { toAgentId?: string; toQueue?: string },
    ack: AckFn,
  ) => void;
  'handover:release': (payload: HandoverRef & { note?: string }, ack: AckFn) => void;
  'handover:close': (
    payload: HandoverRef & { disposition: Disposition; note: string },
    ack: AckFn,
  ) => void;
  'handover:open': (
    payload: { customerId: string; channel?: string; reason?: string; queue?: string },
    ack: AckFn<{ panel: PanelView }>,
  ) => void;
  'panel:get': (payload: HandoverRef, ack: AckFn<{ panel: PanelView }>) => void;
  'timeline:get': (
    payload: HandoverRef & { channel?: string; before?: string },
    ack: AckFn<{ timeline: PanelView['timeline'] }>,
  ) => void;
  'cart:add': (
    payload: HandoverRef & {
      offeringId: string;
      quantity?: number;
      characteristics?: Record<string, string | number>;
    },
    ack: AckFn<{ cart: CartView }>,
  ) => void;
  'cart:update': (
    payload: HandoverRef & {
      itemId: string;
      quantity?: number;
      characteristics?: Record<string, string | number>;
    },
    ack: AckFn<{ cart: CartView }>,
  ) => void;
  'cart:remove': (
    payload: HandoverRef & { itemId: string },
    ack: AckFn<{ cart: CartView }>,
  ) => void;
  'cart:discount': (
    payload: HandoverRef & {
      itemId: string;
      kind: 'percent' | 'amount';
      value: number;
      appliesTo?: 'oneTime' | 'recurring' | 'all';
    },
    ack: AckFn<{ cart: CartView }>,
  ) => void;
  'offer:accept': (
    payload: HandoverRef & {
      offeringId: string;
      characteristics?: Record<string, string | number>;
    },
    ack: AckFn<{ cart: CartView }>,
  ) => void;
  'offer:dismiss': (
    payload: HandoverRef & { offeringId: string },
    ack: AckFn<{ offers: OfferView[] }>,
  ) => void;
  'link:send': (payload: HandoverRef, ack: AckFn<{ messageId: string }>) => void;
  'order:place': (
    payload: HandoverRef & { consent: true },
    ack: AckFn<{ order: OrderSummaryView }>,
  ) => void;
  'message:send': (
    payload: HandoverRef & { text: string },
    ack: AckFn<{ entry: TimelineEntryView }>,
  ) => void;
  /** She is (or stopped) typing to the customer: her chat shows it. No ack needed. */
  'typing:set': (payload: HandoverRef & { on: boolean }, ack?: AckFn) => void;
  /** Supervisors: the floor now. */
  'floor:get': (payload: Record<string, never>, ack: AckFn<{ floor: FloorView }>) => void;
  /** Any agent: colleagues she could transfer to, with their presence and load. */
  'colleagues:get': (
    payload: Record<string, never>,
    ack: AckFn<{ agents: FloorView['agents'] }>,
  ) => void;
  /** Supervisors: hand a held conversation to another agent. */
  'handover:reassign': (payload: HandoverRef & { toAgentId: string }, ack: AckFn) => void;
  /** A quote of her cart, created and texted to her. */
  'quote:send': (payload: HandoverRef, ack: AckFn<{ quote: QuoteSummaryView }>) => void;
}

export interface ServerToClientEvents {
  session: (session: AgentSessionView) => void;
  /** Waiting handovers of her queues (all queues for a supervisor), on connect. */
  queue: (queue: { waiting: HandoverView[] }) => void;
  /** Every conversation she holds, each with its full panel, on connect. */
  conversations: (list: { items: PanelView[] }) => void;
  /** A handover changed: lists update, or drop it when no longer hers or no longer waiting. */
  'handover:updated': (handover: HandoverView) => void;
  /** A conversation became hers (offered, transferred, accepted): the full panel. */
  conversation: (panel: PanelView) => void;
  'panel:patch': (patch: PanelPatch) => void;
  presence: (presence: AgentSessionView['presence']) => void;
  /** Supervisors: an agent's presence or load changed. */
  'agent:presence': (agent: { agentId: string; status: string; load: number }) => void;
  /** The customer of a panel she shows is (or stopped) typing. */
  'customer:typing': (state: { partyKey: string; on: boolean }) => void;
}

export type InterServerEvents = Record<string, never>;

/** Kept on each socket; plain data. */
export interface AssistSocketData {
  agentId: string;
  displayName: string;
  roles: string[];
  queues: string[];
  supervisor: boolean;
  maxConcurrent: number;
}

export type TimelineEntrySource = Interaction;
