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

interface RangeDoc {
  _id: string;
  g: string;
  t?: unknown;
  n?: number;
}

describe('range and sort through indexes', () => {
  const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 3_600_000);

  /** Mixed types, ties, nulls and missing values, in a scrambled insertion order. */
  function history(): RangeDoc[] {
    const docs: RangeDoc[] = [];
    for (let i = 0; i < 240; i++) {
      const doc: RangeDoc = {
        _id: `e${String((i * 37) % 240).padStart(3, '0')}`,
        g: i % 3 ? 'a' : 'b',
      };
      const kind = i % 12;
      if (kind < 7) doc.t = day(Math.floor(i / 3) % 40);
      else if (kind === 7) doc.t = i % 5;
      else if (kind === 8) doc.t = `s${i % 4}`;
      else if (kind === 9) doc.t = null;
      else if (kind === 10) doc.t = i % 2 === 0;
      // kind 11: no t at all
      doc.n = i;
      docs.push(doc);
    }
    return docs;
  }

  async function collections(keys: Document[]) {
    const plain = h.db.collection<RangeDoc>(uniqueName('rangePlain'));
    const indexed = h.db.collection<RangeDoc>(uniqueName('rangeIndexed'));
    for (const key of keys) await indexed.createIndex(key);
    const docs = history();
    await plain.insertMany(docs.map((d) => ({ ...d })));
    await indexed.insertMany(docs.map((d) => ({ ...d })));
    return { plain, indexed };
  }

  type Query = { filter: Document; sort: Document; limit?: number; skip?: number };

  async function expectSame(
    plain: Awaited<ReturnType<typeof collections>>['plain'],
    indexed: Awaited<ReturnType<typeof collections>>['indexed'],
    queries: Query[],
  ): Promise<void> {
    for (const { filter, sort, limit = 0, skip = 0 } of queries) {
      const run = (coll: typeof plain) =>
        coll.find(filter).sort(sort).skip(skip).limit(limit).toArray();
      const expected = await run(plain);
      expect({ filter, sort, limit, skip, docs: await run(indexed) }).toEqual({
        filter,
        sort,
        limit,
        skip,
        docs: expected,
      });
    }
  }

  it('matches an unindexed collection for equality + range + sort on a compound index', async () => {
    const { plain, indexed } = await collections([{ g: 1, t: -1, _id: -1 }]);
    const d = day(20);
    const queries: Query[] = [
      { filter: { g: 'a', t: { $lt: d } }, sort: { t: -1, _id: -1 }, limit: 25 },
      { filter: { g: 'a', t: { $lte: d } }, sort: { t: -1, _id: -1 } },
      { filter: { g: 'b', t: { $gt: d } }, sort: { t: 1, _id: 1 }, limit: 10 },
      { filter: { g: 'a', t: { $gte: day(5), $lt: day(9) } }, sort: { t: -1, _id: -1 } },
      { filter: { g: 'a' }, sort: { t: -1, _id: -1 }, limit: 30, skip: 15 },
      { filter: { g: 'a' }, sort: { t: 1, _id: 1 } },
      { filter: { g: 'b', t: { $lt: 3 } }, sort: { t: -1, _id: -1 } },
      { filter: { g: 'a', t: { $gte: 's1' } }, sort: { t: 1, _id: 1 } },
      { filter: { g: { $in: ['a', 'b'] }, t: { $lt: d } }, sort: { t: -1, _id: -1 }, limit: 40 },
      {
        filter: { g: 'a', t: { $lt: d }, n: { $mod: [2, 0] } },
        sort: { t: -1, _id: -1 },
        limit: 9,
      },
    ];
    await expectSame(plain, indexed, queries);
  });

  it('pages with keyset cursors ($or on ties) exactly like an unindexed collection', async () => {
    const { plain, indexed } = await collections([{ g: 1, t: -1, _id: -1 }]);
    const sort = { t: -1, _id: -1 } as const;
    const everything = await plain
      .find({ g: 'a', t: { $type: 'date' } })
      .sort(sort)
      .toArray();
    expect(everything.length).toBeGreaterThan(60);
    // Two cursor shapes: the timeline's (a bound plus an $or on _id) and the textbook $or.
    const shapes = [
      (t: Date, id: string) => ({
        g: 'a',
        t: { $lte: t },
        $or: [{ t: { $lt: t } }, { _id: { $lt: id } }],
      }),
      (t: Date, id: string) => ({
        g: 'a',
        $or: [{ t: { $lt: t } }, { t, _id: { $lt: id } }],
      }),
    ];
    for (const shape of shapes) {
      const pages: Document[][] = [];
      let filter: Document = { g: 'a', t: { $type: 'date' } };
      for (;;) {
        const page = await indexed.find(filter).sort(sort).limit(7).toArray();
        const same = await plain.find(filter).sort(sort).limit(7).toArray();
        expect(page).toEqual(same);
        if (page.length === 0) break;
        pages.push(page);
        const last = page[page.length - 1] as Document;
        // The cursor bound already keeps non-dates out (comparisons don't cross types).
        filter = shape(last.t as Date, last._id as string);
      }
      expect(pages.flat()).toEqual(everything);
    }
  });

  it('matches an unindexed collection for a single-field index, ascending or descending', async () => {
    const { plain, indexed } = await collections([{ t: 1 }]);
    const queries: Query[] = [
      { filter: {}, sort: { t: 1, _id: 1 }, limit: 20 },
      { filter: {}, sort: { t: -1, _id: -1 }, limit: 20 },
      { filter: { t: { $lt: day(10) } }, sort: { t: -1, _id: -1 }, limit: 15 },
      { filter: { t: { $gt: day(30) } }, sort: { t: 1, _id: 1 } },
      { filter: { t: { $gte: 1, $lte: 3 } }, sort: { t: -1, _id: -1 } },
      { filter: { t: { $gte: 1, $lte: 3 } }, sort: { n: 1 } },
      { filter: { t: { $lt: 's2' } }, sort: { t: 1, _id: 1 } },
      { filter: { t: null }, sort: { _id: 1 } },
      { filter: { t: { $exists: false } }, sort: { t: 1, _id: 1 } },
      { filter: { g: 'b' }, sort: { t: -1, _id: -1 }, limit: 12, skip: 3 },
    ];
    await expectSame(plain, indexed, queries);
  });

  it('keeps index order in step with updates, deletes and transactions', async () => {
    const { plain, indexed } = await collections([{ g: 1, t: -1, _id: -1 }, { t: 1 }]);
    for (const coll of [plain, indexed]) {
      await coll.updateMany({ n: { $mod: [5, 0] } }, { $set: { t: day(100) } });
      await coll.deleteMany({ n: { $mod: [7, 0] } });
      await coll.updateOne({ n: 1 }, { $unset: { t: '' } });
    }
    const session = h.client.startSession();
    try {
      await session.withTransaction(async () => {
        for (const coll of [plain, indexed]) {
          await coll.insertOne({ _id: 'txn1', g: 'a', t: day(15), n: 1000 }, { session });
          await coll.updateOne({ n: 2 }, { $set: { t: day(15) } }, { session });
          await coll.deleteOne({ n: 4 }, { session });
        }
        const inTxn = async (coll: typeof plain) =>
          coll
            .find({ g: 'a', t: { $lte: day(16) } }, { session })
            .sort({ t: -1, _id: -1 })
            .limit(20)
            .toArray();
        expect(await inTxn(indexed)).toEqual(await inTxn(plain));
      });
    } finally {
      await session.endSession();
    }
    await expectSame(plain, indexed, [
      { filter: { g: 'a', t: { $lte: day(16) } }, sort: { t: -1, _id: -1 }, limit: 20 },
      { filter: { g: 'a' }, sort: { t: -1, _id: -1 }, limit: 5 },
      { filter: { t: { $gt: day(10) } }, sort: { t: 1, _id: 1 } },
    ]);
  });
});
