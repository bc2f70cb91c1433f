import { SYSTEM_CHANNEL } from './interaction';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { channels } from '../shared/channel';
import { interactionDirections, interactionKinds } from './interaction';
import type {
  InteractionChannel,
  InteractionDirection,
  InteractionKind,
  InteractionRef,
} from './interaction';

export interface InteractionDocument {
  _id: string;
  /** Exactly one of customerId / visitorId is set; linking a visitor moves its entries to the customer. */
  customerId?: string;
  visitorId?: string;
  kind: InteractionKind;
  channel: InteractionChannel;
  direction: InteractionDirection;
  summary: string;
  conversationId?: string;
  ref?: InteractionRef;
  details?: Record<string, unknown>;
  dedupeKey?: string;
  occurredAt: Date;
  recordedAt: Date;
}

export interface InteractionModels {
  Interaction: Model<InteractionDocument>;
}

export const interactionRefTypes = [
  'cart',
  'quote',
  'order',
  'offering',
  'campaign',
  'message',
  'handover',
  'call',
  'customer',
] as const;

function interactionSchema(): Schema<InteractionDocument> {
  const schema = new Schema<InteractionDocument>(
    {
      _id: { type: String, required: true },
      customerId: String,
      visitorId: String,
      kind: { type: String, enum: interactionKinds, required: true },
      channel: { type: String, enum: [...channels, SYSTEM_CHANNEL], required: true },
      direction: { type: String, enum: interactionDirections, required: true },
      summary: { type: String, required: true },
      conversationId: String,
      ref: {
        type: new Schema(
          { type: { type: String, enum: interactionRefTypes, required: true }, id: String },
          { _id: false },
        ),
        required: false,
      },
      details: Schema.Types.Mixed,
      dedupeKey: String,
      occurredAt: { type: Date, required: true },
      recordedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'interactions', minimize: false },
  );
  // The timeline reads newest first by (occurredAt, _id) from a cursor: a range on the index,
  // never a skip, so page 2,000 costs what page 1 costs.
  schema.index({ customerId: 1, occurredAt: -1, _id: -1 });
  schema.index({ visitorId: 1, occurredAt: -1, _id: -1 });
  schema.index({ conversationId: 1, occurredAt: 1 }, { sparse: true });
  // Sparse: only entries recorded with a key take part in deduplication.
  schema.index({ dedupeKey: 1 }, { unique: true, sparse: true });
  return schema;
}

export function createInteractionModels(connection: Connection): InteractionModels {
  return {
    Interaction:
      (connection.models.Interaction as Model<InteractionDocument> | undefined) ??
      connection.model<InteractionDocument>('Interaction', interactionSchema()),
  };
}
