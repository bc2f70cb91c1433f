import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import type { Document } from 'mongodb';
import { uniqueName, useMongo } from './harness';

const h = useMongo();

async function duplicateError(action: Promise<unknown>): Promise<MongoServerError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

function writeErrorsOf(error: MongoBulkWriteError): Array<{ index: number; code: number }> {
  const list = ([] as unknown[]).concat(error.writeErrors) as Array<{
    index: number;
    code: number;
  }>;
  return list.map((e) => ({ index: e.index, code: e.code }));
}

describe('index management', () => {
  it('creates, lists and drops indexes', async () => {
    const coll = h.db.collection(uniqueName('idx'));
    expect(await coll.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    expect(await coll.createIndex({ a: 1, b: -1 }, { name: 'ab' })).toBe('ab');
    const indexes = await coll.listIndexes().toArray();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'email_1', 'ab']);
    expect(indexes[1]).toMatchObject({ key: { email: 1 }, unique: true });
    expect(indexes[2]).toMatchObject({ key: { a: 1, b: -1 } });
    await coll.dropIndex('ab');
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('treats an identical createIndex as a no-op and rejects conflicting ones', async () => {
    const coll = h.db.collection(uniqueName('idxConflict'));
    await coll.createIndex({ email: 1 }, { unique: true });
    await expect(coll.createIndex({ email: 1 }, { unique: true })).resolves.toBe('email_1');
    await expect(
      coll.createIndex({ email: 1 }, { name: 'email_1', unique: false }),
    ).rejects.toMatchObject({ code: 85 });
    await expect(
      coll.createIndex({ email: 1 }, { unique: true, name: 'other' }),
    ).rejects.toMatchObject({ code: 85 });
    await expect(coll.createIndex({ other: 1 }, { name: 'email_1' })).rejects.toMatchObject({
      code: 86,
    });
  });

  it('refuses a unique index over existing duplicates', async () => {
    const coll = h.db.collection(uniqueName('idxBuild'));
    await coll.insertMany([{ a: 1 }, { a: 1 }]);
    await expect(coll.createIndex({ a: 1 }, { unique: true })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('fails to drop a missing index with IndexNotFound', async () => {
    const coll = h.db.collection(uniqueName('idxMissing'));
    await coll.insertOne({});
    await expect(coll.dropIndex('nope_1')).rejects.toMatchObject({
      code: 27,
      codeName: 'IndexNotFound',
    });
  });
});

describe('unique constraints', () => {
  it('rejects duplicate inserts with E11000, keyPattern and keyValue', async () => {
    const coll = h.db.collection(uniqueName('uniq'));
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'x@example.com' });
    const error = await duplicateError(coll.insertOne({ email: 'x@example.com' }));
    expect(error.code).toBe(11000);
    expect(error.message).toContain('E11000 duplicate key error collection');
    expect(error.message).toContain(
      `${h.db.databaseName}.${coll.collectionName} index: email_1 dup key: { email: "x@example.com" }`,
    );
    expect(error.keyPattern).toEqual({ email: 1 });
    expect(error.keyValue).toEqual({ email: 'x@example.com' });
  });

  it('rejects a duplicate _id', async () => {
    const coll = h.db.collection(uniqueName('uniqId'));
    await coll.insertOne({ _id: 'a' as never });
    const error = await duplicateError(coll.insertOne({ _id: 'a' as never }));
    expect(error).toMatchObject({ code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 'a' } });
  });

  it('enforces compound unique indexes', async () => {
    const coll = h.db.collection(uniqueName('uniqCompound'));
    await coll.createIndex({ tenant: 1, sku: 1 }, { unique: true });
    await coll.insertMany([
      { tenant: 't1', sku: 'a' },
      { tenant: 't2', sku: 'a' },
    ]);
    const error = await duplicateError(coll.insertOne({ tenant: 't1', sku: 'a' }));
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { tenant: 1, sku: 1 },
      keyValue: { tenant: 't1', sku: 'a' },
    });
  });

  it('treats missing fields as null unless the index is sparse', async () => {
    const dense = h.db.collection(uniqueName('uniqNull'));
    await dense.createIndex({ code: 1 }, { unique: true });
    await dense.insertOne({ name: 'first' });
    const error = await duplicateError(dense.insertOne({ name: 'second' }));
    expect(error).toMatchObject({ code: 11000, keyValue: { code: null } });

    const sparse = h.db.collection(uniqueName('uniqSparse'));
    await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ name: 'first' }, { name: 'second' }, { code: 'c' }]);
    await expect(sparse.insertOne({ code: 'c' })).rejects.toMatchObject({ code: 11000 });
  });

  it('only constrains documents matching a partialFilterExpression', async () => {
    const coll = h.db.collection(uniqueName('uniqPartial'));
    await coll.createIndex(
      { email: 1 },
      { unique: true, partialFilterExpression: { active: true } },
    );
    await coll.insertMany([
      { email: 'a', active: false },
      { email: 'a', active: false },
      { email: 'a', active: true },
    ]);
    await expect(coll.insertOne({ email: 'a', active: true })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      coll.updateOne({ active: false }, { $set: { active: true } }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('checks updates, upserts, replacements and findAndModify', async () => {
    const coll = h.db.collection(uniqueName('uniqWrites'));
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1 as never, email: 'a' },
      { _id: 2 as never, email: 'b' },
    ]);
    await expect(
      coll.updateOne({ _id: 2 as never }, { $set: { email: 'a' } }),
    ).rejects.toMatchObject({ code: 11000, keyValue: { email: 'a' } });
    await expect(coll.replaceOne({ _id: 2 as never }, { email: 'a' })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      coll.updateOne({ email: 'new' }, { $set: { email: 'a' } }, { upsert: true }),
    ).rejects.toMatchObject({ code: 11000 });
    await expect(
      coll.findOneAndUpdate({ _id: 2 as never }, { $set: { email: 'a' } }),
    ).rejects.toMatchObject({
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { email: 1 },
      keyValue: { email: 'a' },
    });
    await expect(
      coll.findOneAndUpdate({ email: 'zzz' }, { $set: { email: 'b' } }, { upsert: true }),
    ).rejects.toMatchObject({ code: 11000 });
    // Updating a document to its own value is not a conflict.
    await expect(
      coll.updateOne({ _id: 1 as never }, { $set: { email: 'a', touched: true } }),
    ).resolves.toMatchObject({ modifiedCount: 1 });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('stops ordered bulk writes at the first error and continues unordered ones', async () => {
    const coll = h.db.collection(uniqueName('bulk'));
    await coll.createIndex({ k: 1 }, { unique: true });
    const ops = [{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }, { k: 3 }].map((document) => ({
      insertOne: { document },
    }));

    const ordered = (await coll
      .bulkWrite(ops, { ordered: true })
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect(writeErrorsOf(ordered)).toEqual([{ index: 1, code: 11000 }]);
    expect(ordered.result.insertedCount).toBe(1);
    await coll.deleteMany({});

    const unordered = (await coll
      .bulkWrite(ops, { ordered: false })
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(writeErrorsOf(unordered)).toEqual([
      { index: 1, code: 11000 },
      { index: 3, code: 11000 },
    ]);
    expect(unordered.result.insertedCount).toBe(3);
    expect(await coll.countDocuments()).toBe(3);
  });

  it('reports mixed bulk write results', async () => {
    const coll = h.db.collection(uniqueName('bulkMixed'));
    await coll.insertMany([{ k: 1 }, { k: 2 }]);
    const ops: Document[] = [
      { updateOne: { filter: { k: 1 }, update: { $set: { v: 1 } } } },
      { updateMany: { filter: {}, update: { $inc: { n: 1 } } } },
      { updateOne: { filter: { k: 9 }, update: { $set: { v: 9 } }, upsert: true } },
      { deleteOne: { filter: { k: 2 } } },
      { insertOne: { document: { k: 3 } } },
    ];
    const result = await coll.bulkWrite(ops as never);
    expect(result).toMatchObject({
      matchedCount: 3,
      modifiedCount: 3,
      upsertedCount: 1,
      deletedCount: 1,
      insertedCount: 1,
    });
    expect(Object.keys(result.upsertedIds)).toEqual(['2']);
  });
});
