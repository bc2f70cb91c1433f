import { Long, ObjectId } from 'mongodb';
import type { Document } from 'mongodb';
import { uniqueName, useMongo } from './harness';

const h = useMongo();

interface UpdDoc {
  k: string;
  n?: number;
  m?: number;
  list?: number[];
  set?: number[];
  deep?: { x: boolean };
}

describe('driver CRUD', () => {
  it('inserts with generated ObjectIds and finds by _id and fields', async () => {
    const coll = h.db.collection(uniqueName('crud'));
    const one = await coll.insertOne({ name: 'ann', age: 31 });
    expect(one.insertedId).toBeInstanceOf(ObjectId);
    const many = await coll.insertMany([
      { name: 'bob', age: 25 },
      { _id: 'custom' as unknown as ObjectId, name: 'cy', age: 40 },
    ]);
    expect(many.insertedCount).toBe(2);
    expect(await coll.findOne({ _id: one.insertedId })).toEqual({
      _id: one.insertedId,
      name: 'ann',
      age: 31,
    });
    expect(await coll.findOne({ _id: 'custom' as unknown as ObjectId })).toMatchObject({
      name: 'cy',
    });
    expect(await coll.findOne({ name: 'nobody' })).toBeNull();
  });

  it('stores _id first and keeps field order', async () => {
    const coll = h.db.collection(uniqueName('order'));
    await coll.insertOne({ z: 1, a: 2, _id: 'k' as unknown as ObjectId, m: 3 });
    const doc = await coll.findOne({});
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'z', 'a', 'm']);
  });

  it('round-trips BSON types', async () => {
    const coll = h.db.collection(uniqueName('types'));
    const date = new Date('2024-05-06T07:08:09.010Z');
    const ref = new ObjectId();
    await coll.insertOne({
      date,
      ref,
      nested: { list: [1, 'two', { three: 3 }] },
      flag: true,
      nothing: null,
      big: Long.fromString('9007199254740993'),
    });
    const doc = await coll.findOne({ ref });
    expect(doc?.date).toEqual(date);
    expect(doc?.ref).toEqual(ref);
    expect(doc?.nested).toEqual({ list: [1, 'two', { three: 3 }] });
    expect(doc?.nothing).toBeNull();
    expect(String(doc?.big)).toBe('9007199254740993');
    expect(await coll.countDocuments({ date: { $gte: new Date('2024-01-01') } })).toBe(1);
  });

  it('treats 1 and 1.0 and Long(1) as equal in queries', async () => {
    const coll = h.db.collection(uniqueName('numbers'));
    await coll.createIndex({ n: 1 });
    await coll.insertMany([{ n: 1 }, { n: 2.5 }]);
    expect(await coll.countDocuments({ n: 1.0 })).toBe(1);
    expect(await coll.countDocuments({ n: Long.fromNumber(1) })).toBe(1);
    expect(await coll.countDocuments({ n: { $in: [1, 2.5] } })).toBe(2);
  });
});

describe('find options and cursors', () => {
  let name: string;
  beforeAll(async () => {
    name = uniqueName('cursor');
    const docs = Array.from({ length: 250 }, (_, i) => ({
      i,
      group: i % 5,
      tags: i % 2 === 0 ? ['even'] : ['odd'],
    }));
    await h.db.collection(name).insertMany(docs);
  });

  it('applies filter, projection, sort, skip and limit', async () => {
    const docs = await h.db
      .collection(name)
      .find({ group: 3 }, { projection: { _id: 0, i: 1 } })
      .sort({ i: -1 })
      .skip(2)
      .limit(3)
      .toArray();
    expect(docs).toEqual([{ i: 238 }, { i: 233 }, { i: 228 }]);
  });

  it('supports exclusion projections and array queries', async () => {
    const doc = await h.db.collection(name).findOne({ i: 4 }, { projection: { tags: 0, _id: 0 } });
    expect(doc).toEqual({ i: 4, group: 4 });
    expect(await h.db.collection(name).countDocuments({ tags: 'even' })).toBe(125);
  });

  it('pages through large results with getMore', async () => {
    const cursor = h.db.collection(name).find({}).sort({ i: 1 }).batchSize(7);
    const seen: number[] = [];
    for await (const doc of cursor) seen.push(doc.i as number);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('honours batchSize on the raw find and getMore commands', async () => {
    const first = await h.db.command({ find: name, filter: {}, sort: { i: 1 }, batchSize: 10 });
    expect(first.cursor.firstBatch).toHaveLength(10);
    expect(first.cursor.ns).toBe(`${h.db.databaseName}.${name}`);
    expect(Number(first.cursor.id)).toBeGreaterThan(0);
    const more = await h.db.command({ getMore: first.cursor.id, collection: name, batchSize: 15 });
    expect(more.cursor.nextBatch).toHaveLength(15);
    expect((more.cursor.nextBatch[0] as Document).i).toBe(10);
  });

  it('closes cursor when results fit and with singleBatch/limit', async () => {
    const single = await h.db.command({ find: name, filter: { i: { $lt: 3 } } });
    expect(Number(single.cursor.id)).toBe(0);
    const limited = await h.db.command({ find: name, filter: {}, limit: 5, batchSize: 2 });
    expect(limited.cursor.firstBatch).toHaveLength(2);
    const rest = await h.db.command({ getMore: limited.cursor.id, collection: name });
    expect(rest.cursor.nextBatch).toHaveLength(3);
    expect(Number(rest.cursor.id)).toBe(0);
  });

  it('kills cursors and then reports them not found', async () => {
    const first = await h.db.command({ find: name, filter: {}, batchSize: 2 });
    const killed = await h.db.command({ killCursors: name, cursors: [first.cursor.id] });
    expect(killed.cursorsKilled.map(String)).toEqual([String(first.cursor.id)]);
    await expect(
      h.db.command({ getMore: first.cursor.id, collection: name }),
    ).rejects.toMatchObject({
      code: 43,
      codeName: 'CursorNotFound',
    });
  });

  it('counts and finds distinct values', async () => {
    const coll = h.db.collection(name);
    expect(await coll.countDocuments({ group: 0 })).toBe(50);
    expect(await coll.countDocuments({}, { skip: 10, limit: 5 })).toBe(5);
    expect(await coll.estimatedDocumentCount()).toBe(250);
    const groups = await coll.distinct('group');
    expect([...groups].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...(await coll.distinct('tags', { i: { $lt: 4 } }))].sort()).toEqual(['even', 'odd']);
  });
});

describe('updates', () => {
  it('applies update operators to one or many documents', async () => {
    const coll = h.db.collection<UpdDoc>(uniqueName('upd'));
    await coll.insertMany([
      { k: 'a', n: 1, list: [1, 2, 3] },
      { k: 'b', n: 2, list: [] },
      { k: 'c', n: 3 },
    ]);
    const one = await coll.updateOne(
      { k: 'a' },
      { $inc: { n: 5 }, $push: { list: 4 }, $set: { 'deep.x': true } },
    );
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll.findOne({ k: 'a' }, { projection: { _id: 0 } })).toEqual({
      k: 'a',
      n: 6,
      list: [1, 2, 3, 4],
      deep: { x: true },
    });
    const many = await coll.updateMany(
      { n: { $gte: 2 } },
      { $unset: { list: '' }, $mul: { n: 2 } },
    );
    expect(many).toMatchObject({ matchedCount: 3, modifiedCount: 3 });
    const unchanged = await coll.updateOne({ k: 'c' }, { $set: { n: 6 } });
    expect(unchanged).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    await coll.updateOne(
      { k: 'b' },
      { $addToSet: { set: { $each: [1, 1, 2] } }, $rename: { n: 'm' } },
    );
    expect(await coll.findOne({ k: 'b' }, { projection: { _id: 0 } })).toEqual({
      k: 'b',
      set: [1, 2],
      m: 4,
    });
    await coll.updateOne({ k: 'a' }, { $pull: { list: { $gte: 3 } }, $min: { n: 0 } });
    expect(await coll.findOne({ k: 'a' }, { projection: { _id: 0, list: 1, n: 1 } })).toEqual({
      n: 0,
    });
  });

  it('replaces documents keeping _id', async () => {
    const coll = h.db.collection(uniqueName('replace'));
    const { insertedId } = await coll.insertOne({ a: 1, b: 2 });
    const result = await coll.replaceOne({ _id: insertedId }, { c: 3 });
    expect(result.modifiedCount).toBe(1);
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
  });

  it('upserts with query equality fields and $setOnInsert', async () => {
    const coll = h.db.collection(uniqueName('upsert'));
    const result = await coll.updateOne(
      { email: 'x@example.com', status: { $in: ['a', 'b'] } },
      { $set: { name: 'X' }, $setOnInsert: { createdAt: 1 } },
      { upsert: true },
    );
    expect(result.upsertedCount).toBe(1);
    expect(result.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await coll.findOne(
      { _id: result.upsertedId ?? undefined },
      { projection: { _id: 0 } },
    );
    expect(doc).toEqual({ email: 'x@example.com', name: 'X', createdAt: 1 });
    const again = await coll.updateOne(
      { email: 'x@example.com' },
      { $set: { name: 'Y' }, $setOnInsert: { createdAt: 2 } },
      { upsert: true },
    );
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll.findOne({ email: 'x@example.com' }, { projection: { _id: 0 } })).toEqual({
      email: 'x@example.com',
      name: 'Y',
      createdAt: 1,
    });
  });

  it('ignores $setOnInsert (including _id) when an upsert matches an existing document', async () => {
    const coll = h.db.collection(uniqueName('upsertId'));
    const id = 'x' as unknown as ObjectId;
    const created = await coll.findOneAndUpdate(
      { k: 'a' },
      { $setOnInsert: { _id: id, createdAt: 1 }, $set: { v: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).toEqual({ _id: 'x', k: 'a', createdAt: 1, v: 1 });
    const updated = await coll.findOneAndUpdate(
      { k: 'a' },
      { $setOnInsert: { _id: id, createdAt: 2 }, $set: { v: 2 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(updated.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
    expect(updated.value).toEqual({ _id: 'x', k: 'a', createdAt: 1, v: 2 });
    // Even a different _id in $setOnInsert is never applied to a matched document.
    const other = await coll.updateOne(
      { k: 'a' },
      { $setOnInsert: { _id: 'y' as unknown as ObjectId }, $set: { v: 3 } },
      { upsert: true },
    );
    expect(other).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    const byId = await coll.updateOne(
      { _id: id },
      { $setOnInsert: { _id: id }, $set: { v: 4 } },
      { upsert: true },
    );
    expect(byId).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll.find({}).toArray()).toEqual([{ _id: 'x', k: 'a', createdAt: 1, v: 4 }]);

    const inserted = await coll.updateOne(
      { k: 'b' },
      { $setOnInsert: { _id: 'z' as unknown as ObjectId }, $set: { v: 1 } },
      { upsert: true },
    );
    expect(inserted.upsertedId).toBe('z');
    expect(await coll.findOne({ k: 'b' })).toEqual({ _id: 'z', k: 'b', v: 1 });
  });

  it('allows $set of _id to its current value and rejects any other value', async () => {
    const coll = h.db.collection(uniqueName('setSameId'));
    await coll.insertOne({ _id: 1 as unknown as ObjectId, a: 1 });
    const same = await coll.updateOne(
      { _id: 1 as unknown as ObjectId },
      { $set: { _id: 1 as unknown as ObjectId, a: 2 } },
    );
    expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const noop = await coll.updateOne({ a: 2 }, { $set: { _id: 1 as unknown as ObjectId } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const after = await coll.findOneAndUpdate(
      { a: 2 },
      { $set: { _id: 1 as unknown as ObjectId, a: 3 } },
      { returnDocument: 'after' },
    );
    expect(after).toEqual({ _id: 1, a: 3 });
    await expect(
      coll.findOneAndUpdate({ a: 3 }, { $set: { _id: 2 as unknown as ObjectId } }),
    ).rejects.toMatchObject({ code: 66 });
    expect(await coll.find({}).toArray()).toEqual([{ _id: 1, a: 3 }]);
  });

  it('upserts a replacement using the query _id', async () => {
    const coll = h.db.collection(uniqueName('upsertReplace'));
    const result = await coll.replaceOne(
      { _id: 'fixed' as unknown as ObjectId },
      { v: 1 },
      { upsert: true },
    );
    expect(result.upsertedId).toBe('fixed');
    expect(await coll.findOne({})).toEqual({ _id: 'fixed', v: 1 });
  });

  it('supports arrayFilters and the positional operator', async () => {
    const coll = h.db.collection(uniqueName('arrays'));
    await coll.insertOne({
      _id: 1 as unknown as ObjectId,
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
        { sku: 'c', qty: 9 },
      ],
    });
    await coll.updateOne(
      { _id: 1 as unknown as ObjectId },
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.qty': { $gte: 5 } }] },
    );
    await coll.updateOne(
      { _id: 1 as unknown as ObjectId, 'items.sku': 'a' },
      { $inc: { 'items.$.qty': 10 } },
    );
    const doc = await coll.findOne({ _id: 1 as unknown as ObjectId });
    expect(doc?.items).toEqual([
      { sku: 'a', qty: 11 },
      { sku: 'b', qty: 5, flag: true },
      { sku: 'c', qty: 9, flag: true },
    ]);
  });

  it('supports pipeline-style updates', async () => {
    const coll = h.db.collection(uniqueName('pipeline'));
    await coll.insertOne({ _id: 1 as unknown as ObjectId, a: 2, b: 3 });
    await coll.updateOne({ _id: 1 as unknown as ObjectId }, [
      { $set: { sum: { $add: ['$a', '$b'] } } },
      { $unset: 'a' },
    ]);
    expect(await coll.findOne({})).toEqual({ _id: 1, b: 3, sum: 5 });
  });

  it('rejects modifying _id and unknown update operators', async () => {
    const coll = h.db.collection(uniqueName('badUpdate'));
    await coll.insertOne({ _id: 1 as unknown as ObjectId, a: 1 });
    await expect(
      coll.updateOne({ _id: 1 as unknown as ObjectId }, { $set: { _id: 2 } }),
    ).rejects.toMatchObject({ code: 66 });
    await expect(coll.updateOne({}, { $frobnicate: { a: 1 } } as Document)).rejects.toMatchObject({
      code: 9,
    });
  });

  it('deletes one or many', async () => {
    const coll = h.db.collection(uniqueName('del'));
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    expect((await coll.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({})).deletedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(0);
  });
});

describe('findAndModify', () => {
  it('returns before/after images, sorts, projects and removes', async () => {
    const coll = h.db.collection(uniqueName('fam'));
    await coll.insertMany([
      { k: 'q', n: 1 },
      { k: 'q', n: 2 },
    ]);
    const before = await coll.findOneAndUpdate(
      { k: 'q' },
      { $inc: { n: 10 } },
      { sort: { n: -1 }, projection: { _id: 0 } },
    );
    expect(before).toEqual({ k: 'q', n: 2 });
    const after = await coll.findOneAndUpdate(
      { k: 'q' },
      { $inc: { n: 1 } },
      { sort: { n: 1 }, returnDocument: 'after', projection: { _id: 0, n: 1 } },
    );
    expect(after).toEqual({ n: 2 });
    const replaced = await coll.findOneAndReplace(
      { n: 12 },
      { k: 'r' },
      { returnDocument: 'after', projection: { _id: 0 } },
    );
    expect(replaced).toEqual({ k: 'r' });
    const removed = await coll.findOneAndDelete({ k: 'r' }, { projection: { _id: 0 } });
    expect(removed).toEqual({ k: 'r' });
    expect(await coll.findOneAndDelete({ k: 'missing' })).toBeNull();
  });

  it('reports lastErrorObject for upserts and misses', async () => {
    const coll = h.db.collection(uniqueName('famRaw'));
    const upserted = await h.db.command({
      findAndModify: coll.collectionName,
      query: { k: 1 },
      update: { $set: { v: 1 } },
      upsert: true,
      new: true,
    });
    expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(upserted.lastErrorObject.upserted).toBeInstanceOf(ObjectId);
    expect(upserted.value).toMatchObject({ k: 1, v: 1 });
    const updated = await h.db.command({
      findAndModify: coll.collectionName,
      query: { k: 1 },
      update: { $set: { v: 2 } },
    });
    expect(updated.lastErrorObject).toEqual({ n: 1, updatedExisting: true });
    expect(updated.value).toMatchObject({ v: 1 });
    const missed = await h.db.command({
      findAndModify: coll.collectionName,
      query: { k: 2 },
      update: { $set: { v: 2 } },
    });
    expect(missed.lastErrorObject).toEqual({ n: 0, updatedExisting: false });
    expect(missed.value).toBeNull();
    const removed = await h.db.command({
      findAndModify: coll.collectionName,
      query: { k: 1 },
      remove: true,
    });
    expect(removed.lastErrorObject).toEqual({ n: 1 });
  });

  it('uses arrayFilters', async () => {
    const coll = h.db.collection(uniqueName('famArray'));
    await coll.insertOne({ k: 1, grades: [80, 95, 100] });
    const doc = await coll.findOneAndUpdate(
      { k: 1 },
      { $set: { 'grades.$[g]': 100 } },
      { arrayFilters: [{ g: { $gte: 90 } }], returnDocument: 'after' },
    );
    expect(doc?.grades).toEqual([80, 100, 100]);
  });
});

describe('aggregate', () => {
  it('groups, sorts, limits and looks up across collections', async () => {
    const orders = h.db.collection(uniqueName('orders'));
    const customers = h.db.collection(uniqueName('customers'));
    await customers.insertMany([
      { _id: 'c1' as unknown as ObjectId, name: 'Ann' },
      { _id: 'c2' as unknown as ObjectId, name: 'Bob' },
    ]);
    await orders.insertMany([
      { customer: 'c1', total: 10 },
      { customer: 'c1', total: 15 },
      { customer: 'c2', total: 7 },
    ]);
    const result = await orders
      .aggregate([
        { $match: { total: { $gt: 1 } } },
        { $group: { _id: '$customer', spent: { $sum: '$total' }, count: { $sum: 1 } } },
        { $sort: { spent: -1 } },
        { $limit: 1 },
        {
          $lookup: {
            from: customers.collectionName,
            localField: '_id',
            foreignField: '_id',
            as: 'customer',
          },
        },
        { $project: { _id: 0, spent: 1, count: 1, name: { $first: '$customer.name' } } },
      ])
      .toArray();
    expect(result).toEqual([{ spent: 25, count: 2, name: 'Ann' }]);
  });

  it('pages aggregate results with a small batchSize', async () => {
    const coll = h.db.collection(uniqueName('aggPaging'));
    await coll.insertMany(Array.from({ length: 40 }, (_, i) => ({ i })));
    const docs = await coll
      .aggregate([{ $sort: { i: -1 } }, { $project: { _id: 0, i: 1 } }], { batchSize: 3 })
      .toArray();
    expect(docs.map((d) => d.i)).toEqual(Array.from({ length: 40 }, (_, i) => 39 - i));
  });

  it('does not alter stored documents', async () => {
    const coll = h.db.collection(uniqueName('aggPure'));
    await coll.insertOne({ _id: 1 as unknown as ObjectId, a: { b: 1 } });
    await coll.aggregate([{ $set: { 'a.c': 2 } }, { $project: { 'a.b': 0 } }]).toArray();
    expect(await coll.findOne({})).toEqual({ _id: 1, a: { b: 1 } });
  });
});
