/**
 * Sessions and multi-document transactions. A transaction writes into per-collection overlays
 * (its own Collection holding new versions, plus a mask of ids whose committed version it hides),
 * so other sessions keep reading committed data; commit replays the overlay onto the catalog.
 * Document-level locks give mongod's first-writer-wins WriteConflict behaviour.
 */
import type { Catalog } from './catalog';
import { Collection } from './collection';
import type { Doc } from './errors';
import type { MongoCommandError } from './errors';
import { commandError, writeConflict } from './errors';
import type { ScanOptions, ScanPlan } from './planner';
import { indexCandidates } from './planner';
import type { CollectionView } from './views';
import { collectionCandidates, collectionScan } from './views';
import { idKeyOf } from './values';

type TransactionState = 'active' | 'committed' | 'aborted';

export class Transaction {
  state: TransactionState = 'active';
  readonly overlays = new Map<string, TransactionView>();
  readonly locks: string[] = [];

  constructor(
    readonly manager: TransactionManager,
    readonly sessionKey: string,
    readonly txnNumber: number,
    readonly startSequence: number,
  ) {}

  view(db: string, name: string): TransactionView {
    const ns = `${db}.${name}`;
    let view = this.overlays.get(ns);
    if (!view) {
      view = new TransactionView(this, db, name);
      this.overlays.set(ns, view);
    }
    return view;
  }
}

export class TransactionView implements CollectionView {
  private overlay: Collection | undefined;
  /** Ids whose committed version is hidden (replaced or deleted) inside this transaction. */
  readonly masked = new Set<string>();

  constructor(
    private readonly txn: Transaction,
    readonly db: string,
    readonly name: string,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  committed(): Collection | undefined {
    return this.txn.manager.catalog.getCollection(this.db, this.name);
  }

  /** Documents this transaction wrote (current versions). */
  written(): Iterable<Doc> {
    return this.overlay?.docs.values() ?? [];
  }

  private writable(): Collection {
    if (!this.overlay) {
      // Mirror unique indexes so the transaction's own writes are checked against each other.
      this.overlay = new Collection(this.db, this.name);
      for (const spec of this.committed()?.indexSpecs() ?? [])
        if (spec.name !== '_id_') this.overlay.createIndex(spec);
    }
    return this.overlay;
  }

  *candidates(filter: Doc): Iterable<Doc> {
    for (const doc of collectionCandidates(this.committed(), filter)) {
      if (!this.masked.has(idKeyOf(doc))) yield doc;
    }
    if (this.overlay) yield* indexCandidates(this.overlay, filter) ?? this.overlay.docs.values();
  }

  /**
   * Committed candidates (through the planner, minus the versions this transaction hides) and the
   * transaction's own. When the committed ones come in sort order, the transaction's own few are
   * sorted and merged in, so the result is still in order and a limit can stop early.
   */
  scan(filter: Doc, options: ScanOptions): ScanPlan {
    const base = collectionScan(this.committed(), filter, options);
    const visible = this.unmasked(base.docs);
    const own = this.overlay
      ? (indexCandidates(this.overlay, filter) ?? [...this.overlay.docs.values()])
      : [];
    const comparator = options.comparator;
    if (!base.ordered || !comparator) return { docs: concat(visible, own), ordered: false };
    return { docs: merge(visible, [...own].sort(comparator), comparator), ordered: true };
  }

  private *unmasked(docs: Iterable<Doc>): Generator<Doc> {
    for (const doc of docs) if (!this.masked.has(idKeyOf(doc))) yield doc;
  }

  private checkCommitted(doc: Doc, id: string, checkId: boolean): void {
    this.committed()?.checkUnique(doc, id, (other) => this.masked.has(other), checkId);
  }

  insert(doc: Doc): void {
    const id = idKeyOf(doc);
    this.txn.manager.lock(this.txn, this.ns, id);
    this.checkCommitted(doc, id, true);
    this.writable().insert(doc);
    this.masked.add(id);
  }

  replace(oldDoc: Doc, newDoc: Doc): void {
    const id = idKeyOf(oldDoc);
    this.txn.manager.lock(this.txn, this.ns, id);
    this.checkCommitted(newDoc, id, false);
    const overlay = this.writable();
    const current = overlay.docs.get(id);
    if (current) overlay.replace(current, newDoc);
    else overlay.insert(newDoc);
    this.masked.add(id);
  }

  remove(doc: Doc): void {
    const id = idKeyOf(doc);
    this.txn.manager.lock(this.txn, this.ns, id);
    const current = this.overlay?.docs.get(id);
    if (current) this.overlay?.remove(current);
    this.masked.add(id);
  }
}

function* concat(first: Iterable<Doc>, second: Iterable<Doc>): Generator<Doc> {
  yield* first;
  yield* second;
}

/** Merges two streams already in `comparator` order (the first wins ties). */
function* merge(
  first: Iterable<Doc>,
  second: Doc[],
  comparator: (a: Doc, b: Doc) => number,
): Generator<Doc> {
  let j = 0;
  for (const doc of first) {
    while (j < second.length && comparator(second[j] as Doc, doc) < 0) yield second[j++] as Doc;
    yield doc;
  }
  while (j < second.length) yield second[j++] as Doc;
}

interface SessionState {
  txnNumber: number;
  txn: Transaction | undefined;
}

function noSuchTransaction(txnNumber: number, aborted: boolean): MongoCommandError {
  const message = aborted
    ? `Transaction with { txnNumber: ${txnNumber} } has been aborted.`
    : `Given transaction number ${txnNumber} does not match any in-progress transactions.`;
  return commandError('NoSuchTransaction', message, { errorLabels: ['TransientTransactionError'] });
}

export class TransactionManager {
  private readonly sessions = new Map<string, SessionState>();
  private readonly locks = new Map<string, Transaction>();

  constructor(readonly catalog: Catalog) {}

  begin(sessionKey: string, txnNumber: number): Transaction {
    const session = this.sessions.get(sessionKey);
    if (session && txnNumber < session.txnNumber) {
      throw commandError(
        'BadValue',
        `txnNumber ${txnNumber} is less than last txnNumber ${session.txnNumber} seen in this session`,
      );
    }
    if (session?.txn?.state === 'active') this.abort(session.txn);
    const txn = new Transaction(this, sessionKey, txnNumber, this.catalog.sequence);
    this.sessions.set(sessionKey, { txnNumber, txn });
    return txn;
  }

  /** The transaction a continuing command belongs to; throws mongod's NoSuchTransaction otherwise. */
  continue(sessionKey: string, txnNumber: number): Transaction {
    const txn = this.find(sessionKey, txnNumber);
    if (!txn || txn.state === 'aborted') throw noSuchTransaction(txnNumber, txn !== undefined);
    if (txn.state === 'committed') {
      throw commandError('TransactionCommitted', `Transaction ${txnNumber} has been committed.`);
    }
    return txn;
  }

  find(sessionKey: string, txnNumber: number): Transaction | undefined {
    const session = this.sessions.get(sessionKey);
    return session && session.txnNumber === txnNumber ? session.txn : undefined;
  }

  /** Records a plain (retryable or not) write so a later txnNumber can't reuse an old one. */
  noteTxnNumber(sessionKey: string, txnNumber: number): void {
    const session = this.sessions.get(sessionKey);
    if (!session) this.sessions.set(sessionKey, { txnNumber, txn: undefined });
    else if (txnNumber > session.txnNumber) {
      if (session.txn?.state === 'active') this.abort(session.txn);
      session.txnNumber = txnNumber;
      session.txn = undefined;
    }
  }

  lock(txn: Transaction, ns: string, id: string): void {
    if (txn.state !== 'active') throw noSuchTransaction(txn.txnNumber, true);
    const key = `${ns}\0${id}`;
    const holder = this.locks.get(key);
    if (holder === txn) return;
    const lastWrite = this.catalog
      .getCollection(ns.slice(0, ns.indexOf('.')), ns.slice(ns.indexOf('.') + 1))
      ?.lastWrite.get(id);
    if (holder || (lastWrite !== undefined && lastWrite > txn.startSequence)) {
      this.abort(txn);
      throw writeConflict();
    }
    this.locks.set(key, txn);
    txn.locks.push(key);
  }

  /**
   * A write outside any transaction wins over a transaction holding the document: the transaction
   * is aborted and its next statement or commit reports a transient error, so drivers retry it.
   */
  preempt(ns: string, id: string): void {
    const holder = this.locks.get(`${ns}\0${id}`);
    if (holder) this.abort(holder);
  }

  abortTouching(ns: string): void {
    const affected = new Set<Transaction>();
    for (const txn of this.locks.values()) if (txn.overlays.has(ns)) affected.add(txn);
    for (const txn of affected) this.abort(txn);
  }

  abort(txn: Transaction): void {
    if (txn.state !== 'active') return;
    txn.state = 'aborted';
    this.release(txn);
  }

  private release(txn: Transaction): void {
    for (const key of txn.locks) if (this.locks.get(key) === txn) this.locks.delete(key);
    txn.locks.length = 0;
    txn.overlays.clear();
  }

  /**
   * Applies the overlays to the committed catalog: hidden versions are removed first, then new
   * versions inserted, so swaps of unique values between documents succeed. On a unique-index
   * failure everything applied so far is undone and the journal entries discarded.
   */
  commit(txn: Transaction): void {
    if (txn.state === 'committed') return;
    if (txn.state === 'aborted') throw noSuchTransaction(txn.txnNumber, true);
    const catalog = this.catalog;
    const journalMark = catalog.pending.length;
    const undo: Array<() => void> = [];
    try {
      for (const view of txn.overlays.values()) {
        if (view.masked.size === 0) continue;
        const base = catalog.ensureCollection(view.db, view.name);
        for (const id of view.masked) {
          const doc = base.docs.get(id);
          if (!doc) continue;
          base.remove(doc);
          undo.push(() => base.insert(doc));
        }
        for (const doc of view.written()) {
          base.insert(doc);
          undo.push(() => base.remove(doc));
        }
      }
    } catch (error) {
      const journaling = catalog.journaling;
      catalog.journaling = false;
      for (const step of undo.reverse()) step();
      catalog.journaling = journaling;
      catalog.pending.length = journalMark;
      this.abort(txn);
      throw error;
    }
    txn.state = 'committed';
    this.release(txn);
  }

  endSession(sessionKey: string): void {
    const session = this.sessions.get(sessionKey);
    if (session?.txn) this.abort(session.txn);
    this.sessions.delete(sessionKey);
  }

  endAll(): void {
    for (const key of [...this.sessions.keys()]) this.endSession(key);
  }
}
