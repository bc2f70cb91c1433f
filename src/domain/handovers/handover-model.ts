import { channels } from '../shared/channel';
import type { Channel } from '../shared/channel';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { dispositions, handoverKinds, handoverPriorities, handoverStatuses } from './handover';
import type {
  Disposition,
  Handover,
  HandoverHistoryEntry,
  HandoverKind,
  HandoverPriority,
  HandoverStatus,
} from './handover';

/** How a handover is stored: the event's handoverId is the `_id`, so a redelivered event adds nothing. */
export interface HandoverDocument {
  _id: string;
  customerId?: string;
  visitorId?: string;
  channel: Channel;
  reason: string;
  /** Absent on handovers written before callbacks existed: a conversation. */
  kind?: HandoverKind;
  callbackNumber?: string;
  escalatedAt?: Date;
  priority: HandoverPriority;
  priorityRank: number;
  queue: string;
  summary: string;
  conversationId?: string;
  status: HandoverStatus;
  assignedAgentId?: string;
  declinedBy: string[];
  disposition?: Disposition;
  note?: string;
  history: HandoverHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export type HandoverModel = Model<HandoverDocument>;

/** Newest last, bounded: a conversation bounced between agents all day stays a small document. */
export const HANDOVER_HISTORY_LIMIT = 100;

function handoverSchema(): Schema<HandoverDocument> {
  const schema = new Schema<HandoverDocument>(
    {
      _id: { type: String, required: true },
      customerId: String,
      visitorId: String,
      channel: { type: String, required: true, enum: channels },
      reason: { type: String, required: true },
      kind: { type: String, enum: handoverKinds },
      callbackNumber: String,
      escalatedAt: Date,
      priority: { type: String, enum: handoverPriorities, required: true },
      priorityRank: { type: Number, required: true },
      queue: { type: String, required: true },
      summary: { type: String, required: true },
      conversationId: String,
      status: { type: String, enum: handoverStatuses, required: true },
      assignedAgentId: String,
      declinedBy: { type: [String], default: () => [] },
      disposition: { type: String, enum: dispositions },
      note: String,
      history: { type: Schema.Types.Mixed, default: () => [] },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      version: { type: Number, required: true },
    },
    { versionKey: false, collection: 'handovers' },
  );
  // The queue view and routing: waiting handovers of a queue, most urgent then oldest first.
  schema.index({ status: 1, queue: 1, priorityRank: -1, createdAt: 1 });
  // An agent's conversations (on connect, and load reconciliation).
  schema.index({ assignedAgentId: 1, status: 1 }, { sparse: true });
  schema.index({ customerId: 1, status: 1 }, { sparse: true });
  schema.index({ visitorId: 1, status: 1 }, { sparse: true });
  return schema;
}

export function registerHandoverModel(connection: Connection): HandoverModel {
  return (
    (connection.models.Handover as HandoverModel | undefined) ??
    connection.model<HandoverDocument>('Handover', handoverSchema())
  );
}

export function toHandover(doc: HandoverDocument): Handover {
  return {
    id: doc._id,
    party: doc.customerId ? { customerId: doc.customerId } : { visitorId: doc.visitorId ?? '' },
    channel: doc.channel,
    reason: doc.reason,
    kind: doc.kind ?? 'conversation',
    ...(doc.callbackNumber ? { callbackNumber: doc.callbackNumber } : {}),
    ...(doc.escalatedAt ? { escalatedAt: doc.escalatedAt } : {}),
    priority: doc.priority,
    queue: doc.queue,
    summary: doc.summary,
    ...(doc.conversationId ? { conversationId: doc.conversationId } : {}),
    status: doc.status,
    ...(doc.assignedAgentId ? { assignedAgentId: doc.assignedAgentId } : {}),
    declinedBy: [...(doc.declinedBy ?? [])],
    ...(doc.disposition ? { disposition: doc.disposition } : {}),
    ...(doc.note ? { note: doc.note } : {}),
    history: [...(doc.history ?? [])],
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    version: doc.version,
  };
}
