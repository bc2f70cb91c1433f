/**
 * A CollectionView is what commands read and write through: either the committed collection or a
 * transaction's private overlay on top of it. Commands never touch Collection directly.
 */
import type { Catalog } from './catalog';
import type { Collection } from './collection';
import type { Doc } from './errors';
import type { ReadableCollection, ScanOptions, ScanPlan } from './planner';
import { indexCandidates, planScan } from './planner';
import { idKeyOf } from './values';

export interface CollectionView extends ReadableCollection {
  readonly db: string;
  readonly name: string;
  /** The committed collection, if it exists (index metadata lives there). */
  committed(): Collection | undefined;
  insert(doc: Doc): void;
  replace(oldDoc: Doc, newDoc: Doc): void;
  remove(doc: Doc): void;
}

/** Called before a non-transactional write touches a document a transaction may have locked. */
export type PreemptHook = (ns: string, id: string) => void;

export function collectionCandidates(
  collection: Collection | undefined,
  filter: Doc,
): Iterable<Doc> {
  if (!collection) return [];
  return indexCandidates(collection, filter) ?? collection.docs.values();
}

/** Candidates from a committed collection, through the best index plan or a full scan. */
export function collectionScan(
  collection: Collection | undefined,
  filter: Doc,
  options: ScanOptions,
): ScanPlan {
  if (!collection) return { docs: [], ordered: false };
  return (
    planScan(collection, filter, options) ?? { docs: collection.docs.values(), ordered: false }
  );
}

export class CommittedView implements CollectionView {
  constructor(
    private readonly catalog: Catalog,
    readonly db: string,
    readonly name: string,
    private readonly preempt: PreemptHook,
  ) {}

  committed(): Collection | undefined {
    return this.catalog.getCollection(this.db, this.name);
  }

  candidates(filter: Doc): Iterable<Doc> {
    return collectionCandidates(this.committed(), filter);
  }

  scan(filter: Doc, options: ScanOptions): ScanPlan {
    return collectionScan(this.committed(), filter, options);
  }

  private writable(): Collection {
    return this.catalog.ensureCollection(this.db, this.name);
  }

  insert(doc: Doc): void {
    const collection = this.writable();
    this.preempt(collection.ns, idKeyOf(doc));
    collection.insert(doc);
  }

  replace(oldDoc: Doc, newDoc: Doc): void {
    const collection = this.writable();
    this.preempt(collection.ns, idKeyOf(oldDoc));
    collection.replace(oldDoc, newDoc);
  }

  remove(doc: Doc): void {
    const collection = this.writable();
    this.preempt(collection.ns, idKeyOf(doc));
    collection.remove(doc);
  }
}
