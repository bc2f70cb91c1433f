import { Catalog } from '../../../src/infra/mongo/embedded/catalog';
import { executionStats, runQuery } from '../../../src/infra/mongo/embedded/planner';
import { TransactionManager } from '../../../src/infra/mongo/embedded/transactions';
import { CommittedView } from '../../../src/infra/mongo/embedded/views';

function setup() {
  const catalog = new Catalog();
  const txns = new TransactionManager(catalog);
  const view = new CommittedView(catalog, 'db', 'customers', (ns, id) => txns.preempt(ns, id));
  catalog.ensureCollection('db', 'customers').createIndex({ key: { mobile: 1 } });
  return view;
}

const id = (n: number) => `cust-${String(n).padStart(6, '0')}`;

describe('embedded MongoDB: paging by _id walks the _id order', () => {
  it('reads one page, not the collection, per `_id > last` page', () => {
    const view = setup();
    for (let n = 0; n < 20_000; n++) view.insert({ _id: id(n), mobile: `+44${n}`, region: 'r' });
    const page = (after?: string) =>
      runQuery(
        view,
        {
          $and: [
            { mobile: { $exists: true } },
            { region: 'r' },
            ...(after ? [{ _id: { $gt: after } }] : []),
          ],
        },
        { sort: { _id: 1 }, limit: 1000 },
      );
    const before = executionStats.docsExamined;
    const first = page(id(9_499));
    expect(first.map((doc) => doc._id)).toEqual(
      Array.from({ length: 1000 }, (_, offset) => id(9_500 + offset)),
    );
    // Without the walk every page examined all 20,000 documents.
    expect(executionStats.docsExamined - before).toBeLessThanOrEqual(1000);
  });

  it('keeps the order through inserts, replaces and deletes, in both directions and ranges', () => {
    const view = setup();
    const ids = [5, 1, 9, 3, 7].map(id);
    for (const value of ids) view.insert({ _id: value, mobile: 'x' });
    const all = (sort: 1 | -1, filter: Record<string, unknown> = {}) =>
      runQuery(view, filter, { sort: { _id: sort } }).map((doc) => doc._id);
    expect(all(1)).toEqual([1, 3, 5, 7, 9].map(id));
    view.insert({ _id: id(4), mobile: 'x' });
    const five = runQuery(view, { _id: id(5) })[0]!;
    view.replace(five, { ...five, mobile: 'y' });
    view.remove(runQuery(view, { _id: id(1) })[0]!);
    expect(all(1)).toEqual([3, 4, 5, 7, 9].map(id));
    expect(all(-1, { _id: { $gte: id(4), $lt: id(9) } })).toEqual([7, 5, 4].map(id));
    expect(runQuery(view, { _id: id(5) })[0]!.mobile).toBe('y');
    // Other types keep their place in BSON order and never match a string range.
    view.insert({ _id: 42, mobile: 'x' });
    expect(all(1, { _id: { $gt: id(7) } })).toEqual([id(9)]);
    expect(all(1)[0]).toBe(42);
  });
});
