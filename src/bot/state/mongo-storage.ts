import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../domain/shared/duplicate-key';
import { botStateModel } from './bot-state-model';
import type { BotStateDocument, BotStateModel } from './bot-state-model';
import { ETagConflictError } from './etag-conflict-error';

/** botbuilder's "write whatever is stored" eTag. */
const ANY_ETAG = '*';

/**
 * botbuilder `Storage` on MongoDB (collection `bot_state`) with optimistic concurrency.
 *
 * Semantics, matching MemoryStorage except where noted:
 * - `read` returns only keys that exist, each a fresh object carrying its current `eTag`.
 * - `write` of an item with no eTag or `'*'` stores it unconditionally (upsert).
 * - `write` of an item with any other eTag stores it only if the stored eTag is that one, in one
 *   atomic conditional update; otherwise it throws {@link ETagConflictError} and leaves that key
 *   untouched. Unlike MemoryStorage, a key that does not exist (never written, or deleted meanwhile)
 *   also conflicts: the writer's view is stale, which is what an eTag exists to catch.
 * - every successful write stores a new eTag; the caller's objects are never mutated (read again
 *   to learn the new eTag, as with MemoryStorage).
 * - keys in one `write` are independent, not a transaction: all are attempted, the ones that can
 *   be are written, and the first failure (in key order) is thrown.
 */
export class MongoStorage implements Storage {
  private readonly model: BotStateModel;

  constructor(connection: Connection) {
    this.model = botStateModel(connection);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const documents = await this.model.find({ _id: { $in: keys } }).lean();
    const items: StoreItems = {};
    for (const document of documents) {
      const item = JSON.parse(document.state) as StoreItem;
      items[document._id] = { ...item, eTag: document.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    const outcomes = await Promise.allSettled(
      keys.map((key) => this.writeOne(key, changes[key] as StoreItem)),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.model.deleteMany({ _id: { $in: keys } });
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag: expectedETag, ...rest } = item;
    // A random eTag rather than a per-document counter: a key deleted and written again would
    // restart a counter, and a reader still holding the old value would wrongly win.
    const update = { state: JSON.stringify(rest), eTag: randomUUID(), updatedAt: new Date() };
    if (!expectedETag || expectedETag === ANY_ETAG) {
      await this.upsert(key, update);
      return;
    }
    const result = await this.model.updateOne({ _id: key, eTag: expectedETag }, { $set: update });
    if (result.matchedCount === 0) throw new ETagConflictError(key);
  }

  private async upsert(key: string, update: Omit<BotStateDocument, '_id'>): Promise<void> {
    try {
      await this.model.updateOne({ _id: key }, { $set: update }, { upsert: true });
    } catch (error) {
      // Two upserts of a new key can both miss and both insert; the loser's retry now finds the
      // document and updates it, which is the last-writer-wins that '*' asks for.
      if (!isDuplicateKeyError(error)) throw error;
      await this.model.updateOne({ _id: key }, { $set: update }, { upsert: true });
    }
  }
}
