import { inspect, isDeepStrictEqual } from 'node:util';
import { ObjectId } from 'mongodb';
import { Catalog } from '../../../src/infra/mongo/embedded/catalog';
import type { Doc } from '../../../src/infra/mongo/embedded/errors';
import { executionStats, rangeOf, runQuery } from '../../../src/infra/mongo/embedded/planner';
import { SortedList } from '../../../src/infra/mongo/embedded/sorted';
import { TransactionManager } from '../../../src/infra/mongo/embedded/transactions';
import { compareValues } from '../../../src/infra/mongo/embedded/values';
import { CommittedView } from '../../../src/infra/mongo/embedded/views';

/** Deterministic PRNG so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function setup(indexes: Doc[]) {
  const catalog = new Catalog();
  const txns = new TransactionManager(catalog);
  const plain = new CommittedView(catalog, 'db', 'plain', (ns, id) => txns.preempt(ns, id));
  const indexed = new CommittedView(catalog, 'db', 'indexed', (ns, id) => txns.preempt(ns, id));
  const collection = catalog.ensureCollection('db', 'indexed');
  for (const key of indexes) collection.createIndex({ key });
  return { catalog, txns, plain, indexed };
}

const oid = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));
const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n));

describe('SortedList', () => {
  it('keeps order through inserts and deletes and walks ranges both ways', () => {
    const next = random(7);
    const list = new SortedList<number>((a, b) => a - b);
    const shadow: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = Math.floor(next() * 2000);
      if (next() < 0.3 && shadow.length > 0) {
        const victim = shadow[Math.floor(next() * shadow.length)] as number;
        expect(list.delete(victim)).toBe(true);
        shadow.splice(shadow.indexOf(victim), 1);
      } else {
        list.insert(v);
        shadow.push(v);
      }
    }
    shadow.sort((a, b) => a - b);
    expect([...list]).toEqual(shadow);
    expect(list.size).toBe(shadow.length);
    expect(list.delete(-1)).toBe(false);
    const from = list.search((v) => v < 500);
    const to = list.search((v) => v <= 1500);
    const inRange = shadow.filter((v) => v >= 500 && v <= 1500);
    expect([...list.forward(from, to)]).toEqual(inRange);
    expect([...list.backward(from, to)]).toEqual([...inRange].reverse());
    expect([...list.forward(to, from)]).toEqual([]);
  });
});

describe('range extraction', () => {
  it('intersects top-level bounds and takes the hull of $or branches', () => {
    const d = day(10);
    expect(
      rangeOf({ t: { $lte: d }, $or: [{ t: { $lt: d } }, { _id: { $lt: 'x' } }] }, 't'),
    ).toEqual({ hi: { value: d, inclusive: true } });
    expect(rangeOf({ $or: [{ t: { $lt: d } }, { t: d, _id: { $lt: 'x' } }] }, 't')).toEqual({
      hi: { value: d, inclusive: true },
    });
    expect(rangeOf({ $or: [{ t: { $lt: d } }, { u: 1 }] }, 't')).toBeUndefined();
    expect(rangeOf({ t: { $gt: 1, $lt: 5 }, $and: [{ t: { $gte: 2 } }] }, 't')).toEqual({
      lo: { value: 2, inclusive: true },
      hi: { value: 5, inclusive: false },
    });
    expect(rangeOf({ t: { $lt: null } }, 't')).toBeUndefined();
  });
});

describe('ordered index plans', () => {
  const pool = (next: () => number): unknown => {
    const r = next();
    if (r < 0.04) return undefined;
    if (r < 0.08) return null;
    if (r < 0.45) return day(Math.floor(next() * 20));
    if (r < 0.7) return Math.floor(next() * 10) - 3 + (next() < 0.2 ? 0.5 : 0);
    if (r < 0.85) return ['a', 'b', 'c', 'B', ''][Math.floor(next() * 5)];
    if (r < 0.92) return next() < 0.5;
    return oid(Math.floor(next() * 8));
  };

  function document(next: () => number, i: number): Doc {
    const doc: Doc = { _id: next() < 0.5 ? i : `id${String(i).padStart(4, '0')}` };
    doc.g = ['x', 'y', 'z'][Math.floor(next() * 3)];
    const a = pool(next);
    if (a !== undefined) doc.a = a;
    const b = pool(next);
    if (b !== undefined) doc.b = b;
    doc.n = i;
    return doc;
  }

  function query(next: () => number): { filter: Doc; sort: Doc; limit: number; skip: number } {
    const filter: Doc = {};
    const pick = next();
    if (pick < 0.6) filter.g = ['x', 'y', 'z'][Math.floor(next() * 3)];
    else if (pick < 0.75) filter.g = { $in: ['x', 'z'] };
    const bound = pool(next) ?? day(5);
    const op = ['$lt', '$lte', '$gt', '$gte'][Math.floor(next() * 4)] as string;
    const shape = next();
    if (shape < 0.4) filter.a = { [op]: bound };
    else if (shape < 0.6) {
      // A keyset cursor: strictly after (a, _id) in descending order.
      filter.a = { $lte: bound };
      filter.$or = [{ a: { $lt: bound } }, { _id: { $lt: 50 } }];
    } else if (shape < 0.75) {
      filter.$or = [{ a: { $lt: bound } }, { a: bound, _id: { $lt: 'id0100' } }];
    } else if (shape < 0.85) {
      filter.a = { $gte: bound, $lt: day(15) };
    }
    if (next() < 0.3) filter.n = { $mod: [3, 0] };
    const dir = () => (next() < 0.5 ? 1 : -1);
    const sorts: Doc[] = [
      { a: dir() },
      { a: -1, _id: -1 },
      { a: 1, _id: 1 },
      { a: dir(), b: dir() },
      { a: dir(), b: dir(), _id: dir() },
      { g: 1, a: dir() },
      { b: dir() },
      {},
    ];
    const sort = sorts[Math.floor(next() * sorts.length)] as Doc;
    const limit = next() < 0.8 ? Math.floor(next() * 30) : 0;
    const skip = next() < 0.2 ? Math.floor(next() * 10) : 0;
    return { filter, sort, limit, skip };
  }

  const sortKeyOf = (sort: Doc) => (doc: Doc) => Object.keys(sort).map((field) => doc[field]);
  const byId = (a: Doc, b: Doc) => compareValues(a._id, b._id);
  /** Deep equality that names the query when it fails. */
  const same = (context: Doc, actual: unknown, expected: unknown) => {
    if (!isDeepStrictEqual(actual, expected))
      throw new Error(
        `${inspect(context, { depth: 5 })}\nactual:   ${inspect(actual, { depth: 3, breakLength: Infinity })}\nexpected: ${inspect(expected, { depth: 3, breakLength: Infinity })}`,
      );
  };

  const indexSets: Doc[][] = [
    [{ g: 1, a: -1, _id: -1 }],
    [{ g: 1, a: 1, b: -1 }],
    [{ a: 1 }],
    [{ a: -1 }, { g: 1 }],
    [{ g: 1, a: 1 }, { b: 1 }],
  ];

  it.each(indexSets.map((keys, i) => [i, keys] as const))(
    'index set %i returns what a scan returns',
    (setNumber, keys) => {
      const next = random(1000 + setNumber);
      const { plain, indexed, txns } = setup(keys);
      const docs = Array.from({ length: 400 }, (_, i) => document(next, i));
      for (const doc of docs) {
        plain.insert(doc);
        indexed.insert(doc);
      }
      // Some updates and deletes, so the ordered levels see removals after they exist.
      runQuery(indexed, { g: 'x' }, { sort: { a: 1 }, limit: 1 });
      runQuery(indexed, {}, { sort: { a: 1 }, limit: 1 });
      for (let i = 0; i < 60; i++) {
        const target = docs[Math.floor(next() * docs.length)] as Doc;
        const a = pool(next) ?? null;
        for (const view of [plain, indexed]) {
          const [current] = runQuery(view, { _id: target._id });
          if (!current) continue;
          if (i % 3 === 0) view.remove(current);
          else view.replace(current, { ...current, a, b: i });
        }
      }
      let cheaper = 0;
      for (let q = 0; q < 300; q++) {
        const { filter, sort, limit, skip } = query(next);
        let before = executionStats.docsExamined;
        const expected = runQuery(plain, filter, { sort, limit, skip });
        const scanned = executionStats.docsExamined - before;
        before = executionStats.docsExamined;
        const actual = runQuery(indexed, filter, { sort, limit, skip });
        if (executionStats.docsExamined - before < scanned) cheaper++;
        same(
          { filter, sort, limit, skip },
          actual.map(sortKeyOf(sort)),
          expected.map(sortKeyOf(sort)),
        );
        if (!limit && !skip)
          same({ filter, sort }, [...actual].sort(byId), [...expected].sort(byId));
      }
      // The indexes did serve most of these queries (the comparison isn't vacuous).
      expect(cheaper).toBeGreaterThan(150);
      // Inside a transaction: its own writes merge into ordered results.
      const txn = txns.begin('s', 1);
      const plainTxn = txn.view('db', 'plain');
      const indexedTxn = txn.view('db', 'indexed');
      for (let i = 0; i < 20; i++) {
        const doc = document(next, 10_000 + i);
        plainTxn.insert(doc);
        indexedTxn.insert(doc);
        const [victim] = runQuery(plainTxn, { n: { $lt: 400 } }, { skip: i * 3, limit: 1 });
        if (victim) {
          plainTxn.replace(victim, { ...victim, a: day(i) });
          indexedTxn.replace(victim, { ...victim, a: day(i) });
        }
      }
      for (let q = 0; q < 100; q++) {
        const { filter, sort, limit, skip } = query(next);
        const expected = runQuery(plainTxn, filter, { sort, limit, skip });
        const actual = runQuery(indexedTxn, filter, { sort, limit, skip });
        same(
          { filter, sort, limit, skip, txn: true },
          actual.map(sortKeyOf(sort)),
          expected.map(sortKeyOf(sort)),
        );
      }
      txns.abort(txn);
    },
  );

  it('walks about `limit` entries for equality + range + sort, in either direction', () => {
    const { indexed } = setup([{ g: 1, a: -1, _id: -1 }]);
    for (let i = 0; i < 5000; i++)
      indexed.insert({ _id: i, g: i % 2 ? 'x' : 'y', a: day(i % 900) });
    const examined = (filter: Doc, sort: Doc) => {
      const before = executionStats.docsExamined;
      const docs = runQuery(indexed, filter, { sort, limit: 50 });
      return { n: docs.length, examined: executionStats.docsExamined - before };
    };
    expect(examined({ g: 'x', a: { $lt: day(500) } }, { a: -1, _id: -1 })).toEqual({
      n: 50,
      examined: 50,
    });
    expect(examined({ g: 'x', a: { $gt: day(500) } }, { a: 1, _id: 1 })).toEqual({
      n: 50,
      examined: 50,
    });
    expect(examined({ g: 'x' }, { a: -1 })).toEqual({ n: 50, examined: 50 });
  });

  it('falls back to sorting when a sort field holds arrays or NaN', () => {
    const { plain, indexed } = setup([{ a: 1 }]);
    const docs: Doc[] = [
      { _id: 1, a: [5, 1] },
      { _id: 2, a: 3 },
      { _id: 3, a: Number.NaN },
      { _id: 4, a: 2 },
      { _id: 5 },
    ];
    for (const doc of docs) {
      plain.insert(doc);
      indexed.insert(doc);
    }
    for (const sort of [{ a: 1 }, { a: -1 }]) {
      expect(runQuery(indexed, {}, { sort, limit: 3 })).toEqual(
        runQuery(plain, {}, { sort, limit: 3 }),
      );
    }
    expect(runQuery(indexed, { a: { $gte: 2 } }, { sort: { a: 1 } })).toEqual(
      runQuery(plain, { a: { $gte: 2 } }, { sort: { a: 1 } }),
    );
  });
});
