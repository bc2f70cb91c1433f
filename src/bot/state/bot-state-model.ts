import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * One storage item per document. The item is kept as a JSON string rather than a sub-document:
 * bot state holds arbitrary user-shaped data (keys with `.` or `$`, numeric-looking keys whose order
 * matters) that MongoDB field names restrict or reorder, and nobody queries inside it. JSON is also
 * exactly what botbuilder's MemoryStorage round-trips through, so both stores lose the same things
 * (undefined, functions, Date → string).
 */
export interface BotStateDocument {
  /** The botbuilder storage key, used verbatim: `_id` strings accept any character. */
  _id: string;
  /** The item without its eTag, as `JSON.stringify` produced it. */
  state: string;
  eTag: string;
  updatedAt: Date;
}

export type BotStateModel = Model<BotStateDocument>;

const modelName = 'BotState';

function botStateSchema(): Schema<BotStateDocument> {
  return new Schema<BotStateDocument>(
    {
      _id: { type: String, required: true },
      state: { type: String, required: true },
      eTag: { type: String, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'bot_state', versionKey: false },
  );
}

/** The model on this connection, registered once per connection (connections do not share models). */
export function botStateModel(connection: Connection): BotStateModel {
  return (
    (connection.models[modelName] as BotStateModel | undefined) ??
    connection.model<BotStateDocument>(modelName, botStateSchema())
  );
}
