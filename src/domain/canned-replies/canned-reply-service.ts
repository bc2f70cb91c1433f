import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { AppError } from '../shared/errors';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { newId } from '../shared/ids';
import { cannedReplyInputSchema, cannedReplyPatchSchema } from './canned-reply';
import type { CannedReply } from './canned-reply';

interface CannedReplyDocument {
  _id: string;
  shortcut: string;
  title: string;
  text: string;
  updatedBy: string;
  updatedAt: Date;
}

export type CannedReplyModel = Model<CannedReplyDocument>;

export function registerCannedReplyModel(connection: Connection): CannedReplyModel {
  if (connection.models.CannedReply) return connection.models.CannedReply as CannedReplyModel;
  const schema = new Schema<CannedReplyDocument>(
    {
      _id: { type: String, required: true },
      shortcut: { type: String, required: true },
      title: { type: String, required: true },
      text: { type: String, required: true },
      updatedBy: { type: String, required: true },
      updatedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'canned_replies' },
  );
  schema.index({ shortcut: 1 }, { unique: true });
  return connection.model<CannedReplyDocument>('CannedReply', schema);
}

function toReply(doc: CannedReplyDocument): CannedReply {
  return {
    id: doc._id,
    shortcut: doc.shortcut,
    title: doc.title,
    text: doc.text,
    updatedBy: doc.updatedBy,
    updatedAt: doc.updatedAt,
  };
}

function isDuplicate(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

/** The desk's saved replies: supervisors keep them, every agent reads them. */
export class CannedReplyService {
  constructor(
    private readonly model: CannedReplyModel,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(): Promise<CannedReply[]> {
    const docs = await this.model
      .find({})
      .sort({ shortcut: 1 })
      .limit(500)
      .lean<CannedReplyDocument[]>();
    return docs.map(toReply);
  }

  async create(input: unknown, by: string): Promise<CannedReply> {
    const data = cannedReplyInputSchema.parse(input ?? {});
    const doc: CannedReplyDocument = {
      _id: newId('canned'),
      ...data,
      updatedBy: by,
      updatedAt: this.clock.now(),
    };
    try {
      await this.model.create(doc);
    } catch (error) {
      if (isDuplicate(error)) throw this.taken(data.shortcut);
      throw error;
    }
    return toReply(doc);
  }

  async update(id: string, input: unknown, by: string): Promise<CannedReply> {
    const data = cannedReplyPatchSchema.parse(input ?? {});
    try {
      const doc = await this.model
        .findOneAndUpdate(
          { _id: id },
          { $set: { ...data, updatedBy: by, updatedAt: this.clock.now() } },
          { returnDocument: 'after' },
        )
        .lean<CannedReplyDocument>();
      if (!doc) throw new AppError('NOT_FOUND', 'No such saved reply', { id });
      return toReply(doc);
    } catch (error) {
      if (isDuplicate(error)) throw this.taken(data.shortcut ?? '');
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    const result = await this.model.deleteOne({ _id: id });
    if (result.deletedCount === 0) throw new AppError('NOT_FOUND', 'No such saved reply', { id });
  }

  private taken(shortcut: string): AppError {
    return new AppError('CONFLICT', `A saved reply already uses /${shortcut}`, { shortcut });
  }
}
