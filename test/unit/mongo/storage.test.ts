import { Catalog } from '../../../src/infra/mongo/embedded/catalog';
import { MongoCommandError } from '../../../src/infra/mongo/embedded/errors';
import { executionStats, runQuery } from '../../../src/infra/mongo/embedded/planner';
import { TransactionManager } from '../../../src/infra/mongo/embedded/transactions';
import { applyUpdate, buildUpsertDocument } from '../../../src/infra/mongo/embedded/update';
import { CommittedView } from '../../../src/infra/mongo/embedded/views';

function setup() {
  const catalog = new Catalog();
  const txns = new TransactionManager(catalog);
  const view = new CommittedView(catalog, 'db', 'c', (ns, id) => txns.preempt(ns, id));
  return { catalog, txns, view };
}

describe('collections and indexes', () => {
  it('serves equality lookups from the index without scanning', () => {
    const { catalog, view } = setup();
    catalog.ensureCollection('db', 'c').createIndex({ key: { email: 1 }, unique: true });
    for (let i = 0; i < 500; i++) view.insert({ _id: i, email: `e${i}`, n: i % 3 });
    const before = executionStats.docsExamined;
    expect(runQuery(view, { email: 'e42' })).toEqual([{ _id: 42, email: 'e42', n: 0 }]);
    expect(executionStats.docsExamined - before).toBe(1);
  });

  it('keeps indexes in step with replace and remove', () => {
    const { catalog, view } = setup();
    catalog.ensureCollection('db', 'c').createIndex({ key: { email: 1 }, unique: true });
    view.insert({ _id: 1, email: 'a' });
    view.replace({ _id: 1, email: 'a' }, { _id: 1, email: 'b' });
    expect(runQuery(view, { email: 'a' })).toEqual([]);
    view.insert({ _id: 2, email: 'a' });
    expect(() => view.insert({ _id: 3, email: 'b' })).toThrow(MongoCommandError);
    view.remove({ _id: 1, email: 'b' });
    view.insert({ _id: 3, email: 'b' });
    expect(runQuery(view, {}, { sort: { _id: -1 }, limit: 1 })).toEqual([{ _id: 3, email: 'b' }]);
  });

  it('sorts with a bounded top-k the same as a full sort', () => {
    const { view } = setup();
    const values = [5, 3, 9, 1, 7, 3, 8];
    values.forEach((v, i) => view.insert({ _id: i, v }));
    const top = runQuery(view, {}, { sort: { v: 1 }, skip: 1, limit: 3 }).map((d) => d._id);
    expect(top).toEqual([1, 5, 0]);
  });
});

describe('updates', () => {
  it('builds upserted documents from query equalities', () => {
    const doc = buildUpsertDocument(
      { a: 1, 'b.c': 2, d: { $gt: 1 }, $and: [{ e: 3 }] },
      { $set: { f: 4 }, $setOnInsert: { g: 5 } },
      undefined,
    );
    expect(doc).toMatchObject({ a: 1, b: { c: 2 }, e: 3, f: 4, g: 5 });
    expect(Object.keys(doc)[0]).toBe('_id');
    expect(doc.d).toBeUndefined();
  });

  it('takes an upserted _id from $setOnInsert or $set, but not one contradicting the query', () => {
    expect(buildUpsertDocument({ k: 1 }, { $setOnInsert: { _id: 'x', a: 1 } }, undefined)).toEqual({
      _id: 'x',
      k: 1,
      a: 1,
    });
    expect(buildUpsertDocument({ _id: 'x' }, { $set: { _id: 'x', a: 1 } }, undefined)).toEqual({
      _id: 'x',
      a: 1,
    });
    expect(() =>
      buildUpsertDocument({ _id: 'x' }, { $setOnInsert: { _id: 'y' } }, undefined),
    ).toThrow(expect.objectContaining({ code: 66 }) as Error);
    expect(() => buildUpsertDocument({ k: 1 }, { $inc: { _id: 1 } }, undefined)).toThrow(
      expect.objectContaining({ code: 66 }) as Error,
    );
    // A matched document ignores $setOnInsert entirely.
    const stored = { _id: 'x', k: 1 };
    expect(
      applyUpdate(stored, { $setOnInsert: { _id: 'y' }, $set: { v: 1 } }, undefined, {}),
    ).toEqual({
      changed: true,
      doc: { _id: 'x', k: 1, v: 1 },
    });
  });

  it('never edits the stored document and reports no-op updates', () => {
    const stored = { _id: 1, n: 1, list: [1] };
    const result = applyUpdate(stored, { $inc: { n: 1 }, $push: { list: 2 } }, undefined, {});
    expect(result).toEqual({ changed: true, doc: { _id: 1, n: 2, list: [1, 2] } });
    expect(stored).toEqual({ _id: 1, n: 1, list: [1] });
    expect(applyUpdate(stored, { $set: { n: 1 } }, undefined, {}).changed).toBe(false);
  });
});

describe('transactions', () => {
  it('isolates overlay writes until commit and detects conflicting writers', () => {
    const { catalog, txns, view } = setup();
    view.insert({ _id: 1, v: 0 });
    const t1 = txns.begin('s1', 1);
    const t2 = txns.begin('s2', 1);
    const v1 = t1.view('db', 'c');
    v1.replace({ _id: 1, v: 0 }, { _id: 1, v: 1 });
    expect(runQuery(view, {})).toEqual([{ _id: 1, v: 0 }]);
    expect(runQuery(v1, {})).toEqual([{ _id: 1, v: 1 }]);
    expect(() => t2.view('db', 'c').replace({ _id: 1, v: 0 }, { _id: 1, v: 2 })).toThrow(
      expect.objectContaining({ code: 112 }) as Error,
    );
    expect(t2.state).toBe('aborted');
    txns.commit(t1);
    expect(catalog.getCollection('db', 'c')?.docs.size).toBe(1);
    expect(runQuery(view, {})).toEqual([{ _id: 1, v: 1 }]);
  });

  it('lets a plain write pre-empt a transaction holding the document', () => {
    const { txns, view } = setup();
    view.insert({ _id: 1, v: 0 });
    const txn = txns.begin('s', 1);
    txn.view('db', 'c').remove({ _id: 1, v: 0 });
    view.replace({ _id: 1, v: 0 }, { _id: 1, v: 5 });
    expect(txn.state).toBe('aborted');
    expect(() => txns.commit(txn)).toThrow(expect.objectContaining({ code: 251 }) as Error);
    expect(runQuery(view, {})).toEqual([{ _id: 1, v: 5 }]);
  });
});
