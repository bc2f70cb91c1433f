import { MongoServerError } from 'mongodb';
import type { ObjectId } from 'mongodb';
import { uniqueName, useMongo } from './harness';

const h = useMongo();

describe('transactions', () => {
  it('commits writes atomically and hides them from other sessions until then', async () => {
    const coll = h.db.collection(uniqueName('txnCommit'));
    await coll.insertOne({ _id: 'existing' as unknown as ObjectId, v: 0 });
    const session = h.client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ _id: 'new' as unknown as ObjectId, v: 1 }, { session });
      await coll.updateOne(
        { _id: 'existing' as unknown as ObjectId },
        { $set: { v: 2 } },
        { session },
      );
      // Inside: sees its own writes.
      expect(await coll.countDocuments({}, { session })).toBe(2);
      expect(
        await coll.findOne({ _id: 'existing' as unknown as ObjectId }, { session }),
      ).toMatchObject({ v: 2 });
      // Outside: still the committed state.
      expect(await coll.countDocuments({})).toBe(1);
      expect(await coll.findOne({ _id: 'existing' as unknown as ObjectId })).toMatchObject({
        v: 0,
      });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({})).toBe(2);
    expect(await coll.findOne({ _id: 'existing' as unknown as ObjectId })).toMatchObject({ v: 2 });
  });

  it('discards writes on abort', async () => {
    const coll = h.db.collection(uniqueName('txnAbort'));
    await coll.insertMany([{ k: 1 }, { k: 2 }]);
    const session = h.client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ k: 3 }, { session });
      await coll.deleteOne({ k: 1 }, { session });
      await coll.updateOne({ k: 2 }, { $set: { touched: true } }, { session });
      expect(await coll.countDocuments({}, { session })).toBe(2);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    const docs = await coll
      .find({}, { projection: { _id: 0 } })
      .sort({ k: 1 })
      .toArray();
    expect(docs).toEqual([{ k: 1 }, { k: 2 }]);
  });

  it('enforces unique indexes inside a transaction', async () => {
    const coll = h.db.collection(uniqueName('txnUnique'));
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'a' });
    const session = h.client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ email: 'b' }, { session });
      await expect(coll.insertOne({ email: 'b' }, { session })).rejects.toMatchObject({
        code: 11000,
      });
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments()).toBe(1);
  });

  it('reports WriteConflict with TransientTransactionError when two transactions write one document', async () => {
    const coll = h.db.collection(uniqueName('txnConflict'));
    await coll.insertOne({ _id: 'doc' as unknown as ObjectId, n: 0 });
    const first = h.client.startSession();
    const second = h.client.startSession();
    try {
      first.startTransaction();
      await coll.updateOne(
        { _id: 'doc' as unknown as ObjectId },
        { $inc: { n: 1 } },
        { session: first },
      );
      second.startTransaction();
      const error = await coll
        .updateOne({ _id: 'doc' as unknown as ObjectId }, { $inc: { n: 10 } }, { session: second })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(112);
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await second.abortTransaction().catch(() => undefined);
      await first.commitTransaction();
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect(await coll.findOne({})).toMatchObject({ n: 1 });
  });

  it('lets withTransaction retry after a write conflict', async () => {
    const coll = h.db.collection(uniqueName('txnRetry'));
    await coll.insertOne({ _id: 'doc' as unknown as ObjectId, n: 0 });
    const blocker = h.client.startSession();
    const worker = h.client.startSession();
    let attempts = 0;
    try {
      blocker.startTransaction();
      await coll.updateOne(
        { _id: 'doc' as unknown as ObjectId },
        { $inc: { n: 1 } },
        { session: blocker },
      );
      await worker.withTransaction(async () => {
        attempts += 1;
        try {
          await coll.updateOne(
            { _id: 'doc' as unknown as ObjectId },
            { $inc: { n: 10 } },
            { session: worker },
          );
        } finally {
          // Let the blocking transaction finish so the retry can succeed.
          if (blocker.inTransaction()) await blocker.commitTransaction();
        }
      });
    } finally {
      await blocker.endSession();
      await worker.endSession();
    }
    expect(attempts).toBe(2);
    expect(await coll.findOne({})).toMatchObject({ n: 11 });
  });

  it('runs finds with getMore inside a transaction', async () => {
    const coll = h.db.collection(uniqueName('txnCursor'));
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
    const session = h.client.startSession();
    try {
      await session.withTransaction(async () => {
        await coll.insertOne({ i: 30 }, { session });
        const docs = await coll.find({}, { session, batchSize: 4 }).sort({ i: 1 }).toArray();
        expect(docs).toHaveLength(31);
      });
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments()).toBe(31);
  });

  it('accepts retryable writes', async () => {
    const coll = h.db.collection(uniqueName('retryable'));
    const session = h.client.startSession();
    try {
      await coll.insertOne({ a: 1 }, { session });
      await coll.updateOne({ a: 1 }, { $set: { b: 2 } }, { session });
      await coll.findOneAndUpdate({ a: 1 }, { $set: { c: 3 } }, { session });
    } finally {
      await session.endSession();
    }
    expect(await coll.findOne({}, { projection: { _id: 0 } })).toEqual({ a: 1, b: 2, c: 3 });
  });
});
