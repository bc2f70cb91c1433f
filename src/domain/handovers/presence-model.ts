import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { presenceStatuses } from './presence';
import type { AgentPresence, PresenceStatus } from './presence';

/**
 * One document per agent. `free` (maxConcurrent − load) is stored beside `load` so routing claims
 * capacity with one conditional update (`free > 0`) instead of comparing two fields.
 */
export interface PresenceDocument {
  _id: string;
  displayName: string;
  queues: string[];
  status: PresenceStatus;
  resumeStatus?: PresenceStatus;
  autoAway: boolean;
  /** Her open consoles (socket ids, on any node): she goes away when the last one closes. */
  consoles: string[];
  load: number;
  free: number;
  maxConcurrent: number;
  lastAssignedAt: Date;
  updatedAt: Date;
}

export type PresenceModel = Model<PresenceDocument>;

function presenceSchema(): Schema<PresenceDocument> {
  const schema = new Schema<PresenceDocument>(
    {
      _id: { type: String, required: true },
      displayName: { type: String, required: true },
      queues: { type: [String], default: () => [] },
      status: { type: String, enum: presenceStatuses, required: true },
      resumeStatus: { type: String, enum: presenceStatuses },
      autoAway: { type: Boolean, default: false },
      consoles: { type: [String], default: () => [] },
      load: { type: Number, required: true, default: 0 },
      free: { type: Number, required: true },
      maxConcurrent: { type: Number, required: true },
      lastAssignedAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'agent_presence' },
  );
  schema.index({ queues: 1, status: 1, free: 1 });
  return schema;
}

export function registerPresenceModel(connection: Connection): PresenceModel {
  return (
    (connection.models.AgentPresence as PresenceModel | undefined) ??
    connection.model<PresenceDocument>('AgentPresence', presenceSchema())
  );
}

export function toPresence(doc: PresenceDocument): AgentPresence {
  return {
    agentId: doc._id,
    displayName: doc.displayName,
    queues: [...doc.queues],
    status: doc.status,
    load: doc.load,
    maxConcurrent: doc.maxConcurrent,
    autoAway: doc.autoAway,
    updatedAt: doc.updatedAt,
  };
}
