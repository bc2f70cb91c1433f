import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { InteractionKind, TimelineRecorder } from '../interactions/interaction';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { newId } from '../shared/ids';
import type { PartyRef } from '../shared/party';

/** Everything an agent can do to a customer or a conversation; each is one audit row. */
export const agentActions = [
  'handover.open',
  'handover.accept',
  'handover.decline',
  'handover.transfer',
  'handover.release',
  'handover.close',
  'handover.reassign',
  'cart.add',
  'cart.update',
  'cart.remove',
  'cart.discount',
  'offer.accept',
  'offer.dismiss',
  'link.send',
  'quote.send',
  'order.place',
  'message.send',
  'panel.view',
] as const;
export type AgentAction = (typeof agentActions)[number];

export const auditOutcomes = ['done', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export interface AgentAuditEntry {
  id: string;
  at: Date;
  agentId: string;
  action: AgentAction;
  outcome: AuditOutcome;
  customerId?: string;
  visitorId?: string;
  handoverId?: string;
  /** Ids and amounts, never message bodies or phone numbers. */
  details: Record<string, unknown>;
  /** Why it was refused or failed (the error's code and message). */
  reason?: string;
}

export type AgentAuditModel = Model<AgentAuditEntry & { _id: string }>;

function auditSchema() {
  const schema = new Schema(
    {
      _id: { type: String, required: true },
      at: { type: Date, required: true },
      agentId: { type: String, required: true },
      action: { type: String, required: true },
      outcome: { type: String, required: true },
      customerId: String,
      visitorId: String,
      handoverId: String,
      details: { type: Schema.Types.Mixed, default: () => ({}) },
      reason: String,
    },
    { versionKey: false, collection: 'agent_audit' },
  );
  schema.index({ agentId: 1, at: -1 });
  schema.index({ customerId: 1, at: -1 }, { sparse: true });
  schema.index({ handoverId: 1, at: 1 }, { sparse: true });
  return schema;
}

export function registerAgentAuditModel(connection: Connection): AgentAuditModel {
  return (
    (connection.models.AgentAudit as AgentAuditModel | undefined) ??
    (connection.model('AgentAudit', auditSchema()) as unknown as AgentAuditModel)
  );
}

/** A timeline line for an audited action, when the action does not already put one there. */
export interface AuditTimelineLine {
  kind: InteractionKind;
  summary: string;
  details?: Record<string, unknown>;
}

export interface AuditInput {
  agentId: string;
  action: AgentAction;
  outcome: AuditOutcome;
  party?: PartyRef;
  handoverId?: string;
  details?: Record<string, unknown>;
  reason?: string;
  timeline?: AuditTimelineLine;
}

/** Who did what, when, to which customer: one row per agent action, and a line on her timeline. */
export class AgentAuditLog {
  constructor(
    private readonly model: AgentAuditModel,
    private readonly timeline: TimelineRecorder,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(input: AuditInput): Promise<AgentAuditEntry> {
    const entry: AgentAuditEntry = {
      id: newId('audit'),
      at: this.clock.now(),
      agentId: input.agentId,
      action: input.action,
      outcome: input.outcome,
      ...(input.party?.customerId ? { customerId: input.party.customerId } : {}),
      ...(input.party?.visitorId ? { visitorId: input.party.visitorId } : {}),
      ...(input.handoverId ? { handoverId: input.handoverId } : {}),
      details: input.details ?? {},
      ...(input.reason ? { reason: input.reason } : {}),
    };
    await this.model.create({ _id: entry.id, ...entry });
    if (input.party && input.timeline) {
      await this.timeline.record({
        party: input.party,
        kind: input.timeline.kind,
        channel: 'agent',
        direction: 'internal',
        summary: input.timeline.summary,
        ...(input.handoverId ? { conversationId: input.handoverId } : {}),
        ...(input.handoverId ? { ref: { type: 'handover', id: input.handoverId } } : {}),
        details: {
          ...input.timeline.details,
          agentId: input.agentId,
          action: input.action,
          outcome: input.outcome,
          auditId: entry.id,
        },
        dedupeKey: `audit:${entry.id}`,
      });
    }
    return entry;
  }

  async forHandover(handoverId: string): Promise<AgentAuditEntry[]> {
    const docs = await this.model.find({ handoverId }).sort({ at: 1 }).lean();
    return docs.map(({ _id, ...rest }) => ({ ...(rest as Omit<AgentAuditEntry, 'id'>), id: _id }));
  }

  async forCustomer(customerId: string, limit = 100): Promise<AgentAuditEntry[]> {
    const docs = await this.model.find({ customerId }).sort({ at: -1 }).limit(limit).lean();
    return docs.map(({ _id, ...rest }) => ({ ...(rest as Omit<AgentAuditEntry, 'id'>), id: _id }));
  }
}
