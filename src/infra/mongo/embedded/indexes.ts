/**
 * Secondary indexes as hash maps from encoded key to document ids. Every prefix of a compound
 * index gets its own map so an equality on the leading field(s) is still an O(1) lookup.
 *
 * For ranges and sorts, an index also keeps ordered "levels": level p groups the entries by their
 * first p fields (the same equality keys as the hash maps) and keeps each group sorted by the
 * remaining fields in the index's directions, then by `_id`. A query with equalities on p leading
 * fields and a range and/or sort on the next ones walks one group from a binary-searched start.
 * Levels are built the first time a query wants one and maintained from then on, so indexes that
 * are only used for equality pay nothing extra on writes.
 */
import { Query } from 'mingo';
import type { Doc } from './errors';
import { commandError } from './errors';
import { SortedList } from './sorted';
import type { SortedPosition } from './sorted';
import { compareValues, deepEqual, encodeKey, isPlainObject, valuesAtPath } from './values';

export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
}

/** Tuples beyond this many combinations (parallel arrays) are not worth indexing exactly. */
const MAX_TUPLES = 1000;

export function tupleKey(parts: string[], length: number): string {
  let key = '';
  for (let i = 0; i < length; i++) {
    const part = parts[i] as string;
    key += part.length + ':' + part;
  }
  return key;
}

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

export function validateIndexKey(key: unknown): asserts key is Doc {
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw commandError('CannotCreateIndex', 'Index keys cannot be an empty field.');
  }
  for (const [field, dir] of Object.entries(key)) {
    const ok =
      dir === 1 || dir === -1 || typeof dir === 'string' || (typeof dir === 'number' && dir !== 0);
    if (!ok || field === '') {
      throw commandError(
        'CannotCreateIndex',
        `Values in the index key pattern can't be ${String(dir)}`,
      );
    }
  }
}

/** Options that make two indexes on the same key pattern different indexes. */
function comparableOptions(spec: IndexSpec): Doc {
  return {
    unique: spec.unique === true,
    sparse: spec.sparse === true,
    partialFilterExpression: spec.partialFilterExpression ?? null,
    expireAfterSeconds: spec.expireAfterSeconds ?? null,
    collation: spec.collation ?? null,
  };
}

export function sameKeyPattern(a: IndexSpec, b: IndexSpec): boolean {
  return deepEqual(a.key, b.key);
}

export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return deepEqual(comparableOptions(a), comparableOptions(b));
}

export interface DuplicateInfo {
  keyValue: Doc;
}

/** One key of an ordered level: the tuple's raw values, the document's `_id` and its id key. */
export interface IndexEntry {
  values: unknown[];
  _id: unknown;
  id: string;
}

export interface KeyBound {
  value: unknown;
  inclusive: boolean;
}

/** Bounds on one field in compareValues order; a missing side is unbounded. */
export interface KeyRange {
  lo?: KeyBound | undefined;
  hi?: KeyBound | undefined;
}

/**
 * Whether `value` has a single, totally ordered place in compareValues order that every value
 * with the same encodeKey shares: what ordered walks (and dropping equality-bound sort fields)
 * rely on. Arrays, NaN, invalid dates, embedded documents and other BSON classes don't qualify.
 */
function regularValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return (value as { _bsontype?: string })._bsontype === 'ObjectId';
}

/** False when the path crosses an array or ends on an irregular value (see regularValue). */
function regularAt(doc: Doc, parts: string[]): boolean {
  let current: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(current)) return false;
    if (!isPlainObject(current)) return true;
    current = current[part];
  }
  return regularValue(current);
}

type Level = Map<string, SortedList<IndexEntry>>;

export class SecondaryIndex {
  readonly fields: string[];
  /** `maps[i]` indexes the first i+1 fields. */
  private readonly maps: Array<Map<string, Set<string>>>;
  private readonly partial: Query | undefined;
  /** Text/geo indexes are catalogued but not materialised; they never serve lookups. */
  readonly hashable: boolean;
  /** Per field, 1 or -1 (0 for hashed), the order of ordered levels. */
  private readonly directions: number[];
  private readonly paths: string[][];
  /** Per field, how many indexed documents hold an array or irregular value there. */
  private readonly irregular: number[];
  /** `levels[p]`, once built: groups by the first p fields, sorted by the rest, then `_id`. */
  private readonly levels: Array<Level | undefined>;
  private readonly comparators: Array<(a: IndexEntry, b: IndexEntry) => number>;

  /** `source` yields the collection's documents, to build ordered levels on first use. */
  constructor(
    readonly spec: IndexSpec,
    private readonly source: () => Iterable<[string, Doc]> = () => [],
  ) {
    this.fields = Object.keys(spec.key);
    this.hashable = Object.values(spec.key).every((d) => d === 1 || d === -1 || d === 'hashed');
    this.maps = this.fields.map(() => new Map<string, Set<string>>());
    this.partial = spec.partialFilterExpression
      ? new Query(spec.partialFilterExpression)
      : undefined;
    this.directions = Object.values(spec.key).map((d) => (d === 1 ? 1 : d === -1 ? -1 : 0));
    this.paths = this.fields.map((field) => field.split('.'));
    this.irregular = this.fields.map(() => 0);
    this.levels = this.fields.map(() => undefined);
    this.comparators = this.fields.map((_, p) => this.entryComparator(p));
  }

  private entryComparator(p: number): (a: IndexEntry, b: IndexEntry) => number {
    const n = this.fields.length;
    const directions = this.directions;
    return (a, b) => {
      for (let i = p; i < n; i++) {
        const c = compareValues(a.values[i], b.values[i]);
        if (c !== 0) return directions[i] === -1 ? -c : c;
      }
      const c = compareValues(a._id, b._id);
      if (c !== 0) return c;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    };
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Whether equality lookups may use this index without missing matching documents. */
  get usableForEquality(): boolean {
    return this.hashable && this.partial === undefined;
  }

  get sparse(): boolean {
    return this.spec.sparse === true;
  }

  /** Key tuples for `doc`, or undefined when sparse/partial rules keep it out of the index. */
  tuples(doc: Doc): unknown[][] | undefined {
    if (!this.hashable) return undefined;
    if (this.partial && !this.partial.test(doc)) return undefined;
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined)))
      return undefined;
    let tuples: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const tuple of tuples) {
        for (const value of values) {
          if (next.length >= MAX_TUPLES) break;
          next.push([...tuple, value]);
        }
      }
      tuples = next;
    }
    return tuples;
  }

  /** Distinct key tuples of `doc` with their encoded parts (multikey fan-out can repeat one). */
  private keyed(doc: Doc): Array<{ values: unknown[]; parts: string[] }> | undefined {
    const tuples = this.tuples(doc);
    if (!tuples) return undefined;
    const keyed = tuples.map((values) => ({ values, parts: values.map(encodeKey) }));
    if (keyed.length < 2) return keyed;
    const seen = new Set<string>();
    return keyed.filter(({ parts }) => {
      const key = tupleKey(parts, parts.length);
      return !seen.has(key) && !!seen.add(key);
    });
  }

  private countIrregular(doc: Doc, delta: number): void {
    for (let i = 0; i < this.paths.length; i++)
      if (!regularAt(doc, this.paths[i] as string[])) (this.irregular[i] as number) += delta;
  }

  add(id: string, doc: Doc): void {
    const keyed = this.keyed(doc);
    if (!keyed) return;
    this.countIrregular(doc, 1);
    for (const { values, parts } of keyed) {
      for (let i = 0; i < parts.length; i++) {
        const map = this.maps[i] as Map<string, Set<string>>;
        const key = tupleKey(parts, i + 1);
        let ids = map.get(key);
        if (!ids) {
          ids = new Set();
          map.set(key, ids);
        }
        ids.add(id);
      }
      const entry: IndexEntry = { values, _id: doc._id, id };
      for (let p = 0; p < this.levels.length; p++) {
        const level = this.levels[p];
        if (!level) continue;
        const key = tupleKey(parts, p);
        let group = level.get(key);
        if (!group) {
          group = new SortedList(this.comparators[p] as (a: IndexEntry, b: IndexEntry) => number);
          level.set(key, group);
        }
        group.insert(entry);
      }
    }
  }

  remove(id: string, doc: Doc): void {
    const keyed = this.keyed(doc);
    if (!keyed) return;
    this.countIrregular(doc, -1);
    for (const { values, parts } of keyed) {
      for (let i = 0; i < parts.length; i++) {
        const map = this.maps[i] as Map<string, Set<string>>;
        const key = tupleKey(parts, i + 1);
        const ids = map.get(key);
        if (!ids) continue;
        ids.delete(id);
        if (ids.size === 0) map.delete(key);
      }
      const entry: IndexEntry = { values, _id: doc._id, id };
      for (let p = 0; p < this.levels.length; p++) {
        const level = this.levels[p];
        if (!level) continue;
        const key = tupleKey(parts, p);
        const group = level.get(key);
        if (!group) continue;
        group.delete(entry);
        if (group.size === 0) level.delete(key);
      }
    }
  }

  /** Ids whose first `length` fields equal the encoded prefix. */
  lookup(length: number, key: string): ReadonlySet<string> | undefined {
    return this.maps[length - 1]?.get(key);
  }

  /** Whether ordered walks may serve queries at all (plain ascending/descending keys). */
  get orderable(): boolean {
    return (
      this.hashable &&
      this.partial === undefined &&
      this.spec.collation === undefined &&
      this.directions.every((d) => d !== 0)
    );
  }

  /** Index direction (1 or -1) of field `i`. */
  direction(i: number): number {
    return this.directions[i] as number;
  }

  /** Whether every indexed value of field `i` is a regular scalar (no arrays, NaN, documents). */
  regular(i: number): boolean {
    return this.irregular[i] === 0;
  }

  /**
   * Whether level `p` (equality on p fields, order on the rest) gives documents in exact
   * compareValues order: every later field holds regular values, and a sparse index has every
   * matching document only when an equality on a leading field keeps out null/missing.
   */
  orderableAt(p: number): boolean {
    if (!this.orderable || p >= this.fields.length || (p === 0 && this.sparse)) return false;
    for (let i = p; i < this.fields.length; i++) if (this.irregular[i] !== 0) return false;
    return true;
  }

  comparator(p: number): (a: IndexEntry, b: IndexEntry) => number {
    return this.comparators[p] as (a: IndexEntry, b: IndexEntry) => number;
  }

  private level(p: number): Level {
    const existing = this.levels[p];
    if (existing) return existing;
    const buckets = new Map<string, IndexEntry[]>();
    for (const [id, doc] of this.source()) {
      for (const { values, parts } of this.keyed(doc) ?? []) {
        const key = tupleKey(parts, p);
        let bucket = buckets.get(key);
        if (!bucket) {
          bucket = [];
          buckets.set(key, bucket);
        }
        bucket.push({ values, _id: doc._id, id });
      }
    }
    const level: Level = new Map();
    const compare = this.comparator(p);
    for (const [key, entries] of buckets) level.set(key, SortedList.from(entries, compare));
    this.levels[p] = level;
    return level;
  }

  /**
   * Entries of level `p` whose first p fields have the encoded `prefix` and whose field p lies in
   * `range`, in index order (or reversed).
   */
  *scan(
    p: number,
    prefix: string,
    range: KeyRange | undefined,
    reverse: boolean,
  ): Generator<IndexEntry> {
    const group = this.level(p).get(prefix);
    if (!group) return;
    const descending = this.directions[p] === -1;
    // In index order the range starts at `lo` (ascending) or `hi` (descending) and ends at the other.
    const first = descending ? range?.hi : range?.lo;
    const last = descending ? range?.lo : range?.hi;
    const sign = descending ? -1 : 1;
    const before = (bound: KeyBound) => (entry: IndexEntry) => {
      const c = compareValues(entry.values[p], bound.value) * sign;
      return c < 0 || (c === 0 && !bound.inclusive);
    };
    const notAfter = (bound: KeyBound) => (entry: IndexEntry) => {
      const c = compareValues(entry.values[p], bound.value) * sign;
      return c < 0 || (c === 0 && bound.inclusive);
    };
    const start: SortedPosition = first ? group.search(before(first)) : { chunk: 0, offset: 0 };
    const end: SortedPosition = group.search(last ? notAfter(last) : () => true);
    yield* reverse ? group.backward(start, end) : group.forward(start, end);
  }

  /** First key of `doc` already held by another document (ids rejected by `ignore` don't count). */
  findDuplicate(doc: Doc, id: string, ignore?: (id: string) => boolean): DuplicateInfo | undefined {
    if (!this.unique) return undefined;
    const tuples = this.tuples(doc);
    if (!tuples) return undefined;
    const full = this.maps[this.fields.length - 1] as Map<string, Set<string>>;
    for (const tuple of tuples) {
      const holders = full.get(tupleKey(tuple.map(encodeKey), tuple.length));
      if (!holders) continue;
      for (const holder of holders) {
        if (holder === id || ignore?.(holder)) continue;
        const keyValue: Doc = {};
        this.fields.forEach((field, i) => (keyValue[field] = tuple[i] ?? null));
        return { keyValue };
      }
    }
    return undefined;
  }
}
