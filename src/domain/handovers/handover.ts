import type { Channel } from '../shared/channel';
import type { PartyRef } from '../shared/party';

/**
 * Where a handover stands. `assigned` and `transferred` are offered to one agent who has not yet
 * accepted (routing, or a colleague's transfer); `accepted` is held; `released` went back to the bot;
 * `closed` was wrapped up by the agent; `cancelled` the customer no longer wanted a person.
 */
export const handoverStatuses = [
  'waiting',
  'assigned',
  'accepted',
  'transferred',
  'released',
  'closed',
  'cancelled',
] as const;
export type HandoverStatus = (typeof handoverStatuses)[number];

/** Statuses in which an agent holds (or is being offered) the conversation: they count as load. */
export const heldStatuses = ['assigned', 'transferred', 'accepted'] as const;
export type HeldStatus = (typeof heldStatuses)[number];

/** Statuses in which the handover is still open. */
export const openStatuses = ['waiting', ...heldStatuses] as const;
export type OpenStatus = (typeof openStatuses)[number];

export function isHeld(status: HandoverStatus): status is HeldStatus {
  return (heldStatuses as readonly string[]).includes(status);
}

export const handoverPriorities = ['urgent', 'high', 'normal'] as const;
export type HandoverPriority = (typeof handoverPriorities)[number];

/** Sorting weight: the higher, the sooner a waiting handover is routed. */
export const priorityRank: Record<HandoverPriority, number> = { urgent: 3, high: 2, normal: 1 };

/** How a conversation ended, as the agent records it at wrap-up. */
export const dispositions = [
  'sale',
  'quote-sent',
  'link-sent',
  'callback',
  'not-interested',
  'resolved',
  'no-answer',
  'other',
] as const;
export type Disposition = (typeof dispositions)[number];

/**
 * `conversation`: she is in a conversation a person answers (the bot is silent meanwhile);
 * `callback`: she asked to be called back, and carries on with the bot until someone calls.
 */
export const handoverKinds = ['conversation', 'callback'] as const;
export type HandoverKind = (typeof handoverKinds)[number];

export const handoverActions = [
  'requested',
  'cancelled',
  'escalated',
  'callback',
  'returned',
  'opened',
  'routed',
  'queued',
  'accepted',
  'declined',
  'transferred',
  'released',
  'closed',
  'identified',
] as const;
export type HandoverAction = (typeof handoverActions)[number];

export interface HandoverHistoryEntry {
  action: HandoverAction;
  at: Date;
  /** The agent (or `system` for routing) who did it. */
  by: string;
  status: HandoverStatus;
  agentId?: string;
  queue?: string;
  note?: string;
}

export const DEFAULT_QUEUE = 'sales';
export const VOICE_QUEUE = 'voice';

/** One conversation handed from the bot (or opened by staff) to a person. */
export interface Handover {
  id: string;
  party: PartyRef;
  /** The customer's channel: agents answer through it. */
  channel: Channel;
  reason: string;
  kind: HandoverKind;
  /** The number to call back (a `callback`). */
  callbackNumber?: string;
  /** When it waited past the limit and supervisors were asked to find someone. */
  escalatedAt?: Date;
  priority: HandoverPriority;
  queue: string;
  /** What the bot did so far, for the agent to read first. */
  summary: string;
  conversationId?: string;
  status: HandoverStatus;
  assignedAgentId?: string;
  /** Agents who declined it: routing skips them. */
  declinedBy: string[];
  disposition?: Disposition;
  note?: string;
  history: HandoverHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
  /** Increases with every change, so views can drop stale updates. */
  version: number;
}
