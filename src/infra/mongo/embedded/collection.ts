/**
 * One collection's documents plus its indexes. Stored documents are never mutated in place:
 * writers swap in new objects, so cursors and replies can hold references without copying.
 */
import type { Doc } from './errors';
import { commandError } from './errors';
import type { IndexSpec } from './indexes';
import {
  SecondaryIndex,
  defaultIndexName,
  sameKeyPattern,
  sameOptions,
  validateIndexKey,
} from './indexes';
import { SortedList } from './sorted';
import { compareValues, formatValue, idKeyOf } from './values';

const compareIds = (a: Doc, b: Doc): number => compareValues(a._id, b._id);

export type JournalOp =
  | { op: 'insert'; ns: string; doc: Doc }
  | { op: 'delete'; ns: string; id: unknown }
  | { op: 'createCollection'; ns: string; options: Doc }
  | { op: 'dropCollection'; ns: string }
  | { op: 'createIndex'; ns: string; spec: IndexSpec }
  | { op: 'dropIndex'; ns: string; name: string }
  | { op: 'rename'; ns: string; to: string };

/** How a committed collection reports writes to the catalog (journal + write-conflict clock). */
export interface CollectionHooks {
  journal(op: JournalOp): void;
  /** Next value of the global write sequence, stamped on each written id. */
  tick(): number;
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, SecondaryIndex>();
  /**
   * The documents in `_id` order (mongod's `_id_` index as an ordered walk), built the first time
   * a query wants a range or sort on `_id` and maintained from then on.
   */
  private idOrder: SortedList<Doc> | undefined;
  /** Sequence number of the last committed write per id, for transaction conflict checks. */
  readonly lastWrite = new Map<string, number>();

  constructor(
    public db: string,
    public name: string,
    public options: Doc = {},
    private readonly hooks?: CollectionHooks,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  duplicateKeyError(indexName: string, keyPattern: Doc, keyValue: Doc): Error {
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join(', ');
    return commandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.ns} index: ${indexName} dup key: { ${shown} }`,
      { keyPattern, keyValue },
    );
  }

  /**
   * Throws E11000 if `doc` would collide in any unique index. `ignore` hides ids that a
   * transaction has already replaced or deleted in its private view.
   */
  checkUnique(doc: Doc, id: string, ignore?: (id: string) => boolean, checkId = true): void {
    if (checkId && this.docs.has(id) && !ignore?.(id)) {
      throw this.duplicateKeyError('_id_', { _id: 1 }, { _id: doc._id });
    }
    for (const index of this.indexes.values()) {
      const dup = index.findDuplicate(doc, id, ignore);
      if (dup) throw this.duplicateKeyError(index.spec.name, index.spec.key, dup.keyValue);
    }
  }

  private stamp(id: string): void {
    if (this.hooks) this.lastWrite.set(id, this.hooks.tick());
  }

  insert(doc: Doc): void {
    const id = idKeyOf(doc);
    this.checkUnique(doc, id);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(id, doc);
    this.idOrder?.insert(doc);
    this.stamp(id);
    this.hooks?.journal({ op: 'insert', ns: this.ns, doc });
  }

  /** Documents in `_id` order (ties between mixed types broken as compareValues does). */
  idOrdered(): SortedList<Doc> {
    this.idOrder ??= SortedList.from([...this.docs.values()], compareIds);
    return this.idOrder;
  }

  replace(oldDoc: Doc, newDoc: Doc): void {
    const id = idKeyOf(oldDoc);
    this.checkUnique(newDoc, id, undefined, false);
    for (const index of this.indexes.values()) index.remove(id, oldDoc);
    this.docs.set(id, newDoc);
    for (const index of this.indexes.values()) index.add(id, newDoc);
    if (this.idOrder) {
      this.idOrder.delete(oldDoc);
      this.idOrder.insert(newDoc);
    }
    this.stamp(id);
    this.hooks?.journal({ op: 'insert', ns: this.ns, doc: newDoc });
  }

  remove(doc: Doc): void {
    const id = idKeyOf(doc);
    if (!this.docs.delete(id)) return;
    for (const index of this.indexes.values()) index.remove(id, doc);
    this.idOrder?.delete(doc);
    this.stamp(id);
    this.hooks?.journal({ op: 'delete', ns: this.ns, id: doc._id });
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /** Returns false when an identical index already exists (createIndexes is then a no-op). */
  createIndex(raw: Doc): boolean {
    validateIndexKey(raw.key);
    const spec: IndexSpec = {
      ...raw,
      v: 2,
      key: raw.key,
      name: String(raw.name ?? defaultIndexName(raw.key)),
    };
    delete spec.ns;
    if (
      spec.name === '_id_' ||
      (Object.keys(spec.key).length === 1 && spec.key._id !== undefined)
    ) {
      if (spec.unique === false || spec.sparse || spec.partialFilterExpression) {
        throw commandError(
          'InvalidOptions',
          "The field 'unique' is not valid for an _id index specification.",
        );
      }
      return false;
    }
    for (const existing of this.indexes.values()) {
      const sameKey = sameKeyPattern(existing.spec, spec);
      const sameName = existing.spec.name === spec.name;
      if (sameKey && sameName && sameOptions(existing.spec, spec)) return false;
      if (sameName && !sameKey) {
        throw commandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatValue(spec)}, existing index: ${formatValue(existing.spec)}`,
        );
      }
      if (sameKey && sameOptions(existing.spec, spec)) {
        throw commandError(
          'IndexOptionsConflict',
          `Index already exists with a different name: ${existing.spec.name}`,
        );
      }
      if (sameKey && !isDistinguishable(existing.spec, spec)) {
        throw commandError(
          'IndexOptionsConflict',
          `An equivalent index already exists with the same name but different options. Requested index: ${formatValue(spec)}, existing index: ${formatValue(existing.spec)}`,
        );
      }
    }
    const index = new SecondaryIndex(spec, () => this.docs);
    for (const [id, doc] of this.docs) {
      const dup = index.findDuplicate(doc, id);
      if (dup) throw this.duplicateKeyError(spec.name, spec.key, dup.keyValue);
      index.add(id, doc);
    }
    this.indexes.set(spec.name, index);
    this.hooks?.journal({ op: 'createIndex', ns: this.ns, spec });
    return true;
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw commandError('InvalidOptions', 'cannot drop _id index');
    if (!this.indexes.delete(name)) {
      throw commandError('IndexNotFound', `index not found with name [${name}]`);
    }
    this.hooks?.journal({ op: 'dropIndex', ns: this.ns, name });
  }

  findIndexByKey(key: Doc): SecondaryIndex | undefined {
    for (const index of this.indexes.values()) {
      if (sameKeyPattern(index.spec, { v: 2, key, name: '' })) return index;
    }
    return undefined;
  }
}

/** mongod allows two indexes on one key pattern only when partial filters differ. */
function isDistinguishable(a: IndexSpec, b: IndexSpec): boolean {
  const pa = a.partialFilterExpression;
  const pb = b.partialFilterExpression;
  return (
    a.name !== b.name && pa !== undefined && pb !== undefined && formatValue(pa) !== formatValue(pb)
  );
}
