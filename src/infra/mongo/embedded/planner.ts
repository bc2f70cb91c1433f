/**
 * Query execution: pick candidate documents through a hash index when the filter has equalities
 * on an index prefix (or `_id`), otherwise scan; then let mingo decide matches, sort and project.
 */
import { Query } from 'mingo';
import { resolve } from 'mingo/util';
import type { Collection } from './collection';
import type { Doc } from './errors';
import { commandError, MongoCommandError } from './errors';
import type { IndexEntry, KeyBound, KeyRange, SecondaryIndex } from './indexes';
import { tupleKey } from './indexes';
import {
  cloneDoc,
  compareValues,
  encodeKey,
  isPlainObject,
  valuesAtPath,
  withIdFirst,
} from './values';

/** Process-wide counters, reported by serverStatus as mongod's metrics.queryExecutor. */
export const executionStats = { docsExamined: 0, keysExamined: 0 };

const MAX_KEY_COMBINATIONS = 1000;
/** Sorts with skip+limit up to this size keep a bounded top-k instead of sorting everything. */
const TOP_K_LIMIT = 1000;

function isOperatorObject(value: Doc): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** Values that an equality lookup can be served from a hash index for (no regex, no arrays). */
function plainEqualityValue(value: unknown): boolean {
  if (value instanceof RegExp || Array.isArray(value)) return false;
  if (isPlainObject(value)) return !Object.keys(value).some((k) => k.startsWith('$'));
  return true;
}

function equalityKeysFor(condition: unknown): string[] | undefined {
  if (isPlainObject(condition) && isOperatorObject(condition)) {
    if ('$eq' in condition) {
      return plainEqualityValue(condition.$eq) ? [encodeKey(condition.$eq)] : undefined;
    }
    const values = condition.$in;
    if (Array.isArray(values) && values.every(plainEqualityValue)) return values.map(encodeKey);
    return undefined;
  }
  return plainEqualityValue(condition) ? [encodeKey(condition)] : undefined;
}

/** field → encoded keys it must equal one of, gathered from top-level fields and `$and`. */
export function equalityConditions(
  filter: Doc,
  out = new Map<string, string[]>(),
): Map<string, string[]> {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) equalityConditions(clause, out);
      continue;
    }
    if (field.startsWith('$') || out.has(field)) continue;
    const keys = equalityKeysFor(condition);
    if (keys) out.set(field, keys);
  }
  return out;
}

function combinations(lists: string[][]): string[][] {
  let result: string[][] = [[]];
  for (const list of lists) {
    const next: string[][] = [];
    for (const prefix of result) for (const key of list) next.push([...prefix, key]);
    result = next;
  }
  return result;
}

interface EqualityPlan {
  index: SecondaryIndex;
  /** Encoded keys per leading field. */
  prefix: string[][];
  unique: boolean;
}

/** The index with the longest equality prefix (unique full matches preferred), if any. */
function bestEqualityIndex(
  collection: Collection,
  conditions: Map<string, string[]>,
): EqualityPlan | undefined {
  let best: EqualityPlan | undefined;
  for (const index of collection.indexes.values()) {
    if (!index.usableForEquality) continue;
    const prefix = equalityPrefix(index, conditions);
    if (prefix.length === 0) continue;
    const unique = index.unique && prefix.length === index.fields.length;
    if (
      !best ||
      prefix.length > best.prefix.length ||
      (prefix.length === best.prefix.length && unique && !best.unique)
    ) {
      best = { index, prefix, unique };
    }
  }
  return best;
}

/** Encoded keys for the leading index fields that the filter pins by equality. */
function equalityPrefix(index: SecondaryIndex, conditions: Map<string, string[]>): string[][] {
  const prefix: string[][] = [];
  let combos = 1;
  for (const field of index.fields) {
    const keys = conditions.get(field);
    if (!keys || combos * keys.length > MAX_KEY_COMBINATIONS) break;
    // A sparse index has no entry for documents missing the field, which `null` matches.
    if (index.sparse && keys.includes('N')) break;
    prefix.push(keys);
    combos *= keys.length;
  }
  return prefix;
}

function idLookup(collection: Collection, idKeys: string[]): Doc[] {
  const docs: Doc[] = [];
  for (const key of new Set(idKeys)) {
    executionStats.keysExamined++;
    const doc = collection.docs.get(key);
    if (doc) docs.push(doc);
  }
  return docs;
}

function equalityLookup(collection: Collection, plan: EqualityPlan): Doc[] {
  const ids = new Set<string>();
  for (const combo of combinations(plan.prefix)) {
    executionStats.keysExamined++;
    const found = plan.index.lookup(combo.length, tupleKey(combo, combo.length));
    if (found) for (const id of found) ids.add(id);
  }
  const docs: Doc[] = [];
  for (const id of ids) {
    const doc = collection.docs.get(id);
    if (doc) docs.push(doc);
  }
  return docs;
}

/**
 * Documents that may match `filter` according to the best equality index, or undefined when no
 * index applies and the caller must scan. Always a superset of the matches.
 */
export function indexCandidates(collection: Collection, filter: Doc): Doc[] | undefined {
  const conditions = equalityConditions(filter);
  if (conditions.size === 0) return undefined;
  const idKeys = conditions.get('_id');
  if (idKeys) return idLookup(collection, idKeys);
  const best = bestEqualityIndex(collection, conditions);
  return best ? equalityLookup(collection, best) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Ordered plans: equality on an index prefix, then a range and/or sort on the following fields.

export interface SortKey {
  field: string;
  dir: 1 | -1;
}

export interface ScanOptions {
  /** The query's sort as plain field keys; undefined when unsorted or sorted by $meta/$natural. */
  sort?: SortKey[] | undefined;
  /** The query's sort comparator, for merging ordered streams. */
  comparator?: ((a: Doc, b: Doc) => number) | undefined;
}

/** Candidates for a query; `ordered` when they come in the query's sort order. */
export interface ScanPlan {
  docs: Iterable<Doc>;
  ordered: boolean;
}

/** Beyond this many equality groups, merging them in order isn't worth it. */
const MAX_MERGED_GROUPS = 32;

/** Values a range bound can be taken from: one type, totally ordered by compareValues. */
function boundable(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return value !== null && (value as { _bsontype?: string })._bsontype === 'ObjectId';
    default:
      return false;
  }
}

function tighter(
  a: KeyBound | undefined,
  b: KeyBound | undefined,
  sign: number,
): KeyBound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareValues(a.value, b.value) * sign;
  if (c !== 0) return c > 0 ? a : b;
  return { value: a.value, inclusive: a.inclusive && b.inclusive };
}

function looser(
  a: KeyBound | undefined,
  b: KeyBound | undefined,
  sign: number,
): KeyBound | undefined {
  if (!a || !b) return undefined;
  const c = compareValues(a.value, b.value) * sign;
  if (c !== 0) return c < 0 ? a : b;
  return { value: a.value, inclusive: a.inclusive || b.inclusive };
}

function intersect(a: KeyRange | undefined, b: KeyRange | undefined): KeyRange | undefined {
  if (!a) return b;
  if (!b) return a;
  return { lo: tighter(a.lo, b.lo, 1), hi: tighter(a.hi, b.hi, -1) };
}

function union(a: KeyRange, b: KeyRange): KeyRange | undefined {
  const lo = looser(a.lo, b.lo, 1);
  const hi = looser(a.hi, b.hi, -1);
  return lo || hi ? { lo, hi } : undefined;
}

function conditionRange(condition: unknown): KeyRange | undefined {
  if (!isPlainObject(condition) || !isOperatorObject(condition)) {
    return boundable(condition)
      ? { lo: { value: condition, inclusive: true }, hi: { value: condition, inclusive: true } }
      : undefined;
  }
  let range: KeyRange | undefined;
  for (const [op, value] of Object.entries(condition)) {
    if (!boundable(value)) continue;
    let part: KeyRange | undefined;
    if (op === '$gt' || op === '$gte') part = { lo: { value, inclusive: op === '$gte' } };
    else if (op === '$lt' || op === '$lte') part = { hi: { value, inclusive: op === '$lte' } };
    else if (op === '$eq')
      part = { lo: { value, inclusive: true }, hi: { value, inclusive: true } };
    range = intersect(range, part);
  }
  return range;
}

/**
 * Bounds on `field` implied by `filter` (top level, `$and`, and the hull of `$or` branches that
 * all bound it), or undefined when it is unbounded. A superset: mingo (type-bracketed, like
 * mongod) decides the actual matches.
 */
export function rangeOf(filter: Doc, field: string): KeyRange | undefined {
  let range: KeyRange | undefined;
  for (const [key, condition] of Object.entries(filter)) {
    if (key === field) {
      range = intersect(range, conditionRange(condition));
    } else if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition)
        if (isPlainObject(clause)) range = intersect(range, rangeOf(clause, field));
    } else if (key === '$or' && Array.isArray(condition) && condition.length > 0) {
      let hull: KeyRange | undefined;
      let bounded = true;
      for (const [i, clause] of condition.entries()) {
        const part = isPlainObject(clause) ? rangeOf(clause, field) : undefined;
        hull = part && i > 0 && hull ? union(hull, part) : part;
        if (!hull) {
          bounded = false;
          break;
        }
      }
      if (bounded) range = intersect(range, hull);
    }
  }
  return range;
}

interface OrderedPlan {
  index: SecondaryIndex;
  /** Number of leading fields fixed by equality. */
  level: number;
  prefix: string[][];
  range: KeyRange | undefined;
  /** Whether the walk yields the query's sort order (forward or reversed). */
  sorted: boolean;
  reverse: boolean;
}

/**
 * Whether walking `index` at `level` (forward or reversed) yields `sort` order. Sort fields fixed
 * by a single equality key drop out (their values are all alike); `_id` may follow the last
 * index field since entries are tie-broken by it ascending.
 */
function sortDirection(
  index: SecondaryIndex,
  level: number,
  prefix: string[][],
  sort: SortKey[],
): { reverse: boolean } | undefined {
  const fixed = new Set<string>();
  for (let i = 0; i < level; i++) {
    const keys = prefix[i] as string[];
    if (keys.length === 1 && keys[0] !== 'N' && index.regular(i))
      fixed.add(index.fields[i] as string);
  }
  const remaining = sort.filter((key) => !fixed.has(key.field));
  if (remaining.length === 0) return { reverse: false };
  let reverse: boolean | undefined;
  const n = index.fields.length;
  for (let j = 0; j < remaining.length; j++) {
    const key = remaining[j] as SortKey;
    const i = level + j;
    let ascending: boolean;
    if (i < n) {
      if (index.fields[i] !== key.field) return undefined;
      ascending = key.dir === index.direction(i);
    } else if (i === n && key.field === '_id') {
      ascending = key.dir === 1;
    } else {
      return undefined;
    }
    if (reverse === undefined) reverse = !ascending;
    else if (reverse !== !ascending) return undefined;
  }
  return { reverse: reverse ?? false };
}

function bestOrderedPlan(
  collection: Collection,
  filter: Doc,
  conditions: Map<string, string[]>,
  sort: SortKey[] | undefined,
): OrderedPlan | undefined {
  let best: OrderedPlan | undefined;
  for (const index of collection.indexes.values()) {
    if (!index.orderable) continue;
    const prefix = equalityPrefix(index, conditions);
    const level = prefix.length;
    if (!index.orderableAt(level)) continue;
    let groups = 1;
    for (const keys of prefix) groups *= keys.length;
    if (groups > MAX_MERGED_GROUPS) continue;
    const range = rangeOf(filter, index.fields[level] as string);
    const direction =
      sort && sort.length > 0 ? sortDirection(index, level, prefix, sort) : undefined;
    if (!direction && !range) continue;
    const plan: OrderedPlan = {
      index,
      level,
      prefix,
      range,
      sorted: direction !== undefined,
      reverse: direction?.reverse ?? false,
    };
    // More equality fields first (the smallest group), then giving the sort order, then a range.
    if (
      !best ||
      level > best.level ||
      (level === best.level &&
        ((plan.sorted && !best.sorted) || (plan.sorted === best.sorted && !!range && !best.range)))
    ) {
      best = plan;
    }
  }
  return best;
}

/** The documents of an ordered plan, merging its equality groups when there are several. */
function* orderedDocs(collection: Collection, plan: OrderedPlan): Generator<Doc> {
  const { index, level, range, reverse } = plan;
  const walks = combinations(plan.prefix).map((combo) =>
    index.scan(level, tupleKey(combo, level), range, reverse),
  );
  if (walks.length === 1) {
    for (const entry of walks[0] as Generator<IndexEntry>) {
      executionStats.keysExamined++;
      const doc = collection.docs.get(entry.id);
      if (doc) yield doc;
    }
    return;
  }
  const compare = index.comparator(level);
  const heads = walks.map((walk) => walk.next());
  // A multikey prefix can put one document in several groups.
  const seen = new Set<string>();
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i] as IteratorResult<IndexEntry>;
      if (head.done) continue;
      if (pick < 0) {
        pick = i;
        continue;
      }
      const c = compare(
        head.value,
        (heads[pick] as IteratorResult<IndexEntry>).value as IndexEntry,
      );
      if (reverse ? c > 0 : c < 0) pick = i;
    }
    if (pick < 0) return;
    const entry = (heads[pick] as IteratorYieldResult<IndexEntry>).value;
    heads[pick] = (walks[pick] as Generator<IndexEntry>).next();
    executionStats.keysExamined++;
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    const doc = collection.docs.get(entry.id);
    if (doc) yield doc;
  }
}

/**
 * A walk of the collection in `_id` order over the `_id` range the filter implies, or undefined
 * when the filter neither bounds `_id` nor sorts by it alone. This is how mongod serves paging
 * by `_id` (`{_id: {$gt: last}}` sorted by `_id`, limit n) from its `_id_` index: without it
 * every page was a full scan plus a top-k sort, so walking a collection cost O(n²/page).
 */
function idOrderedPlan(
  collection: Collection,
  filter: Doc,
  sort: SortKey[] | undefined,
): ScanPlan | undefined {
  const range = rangeOf(filter, '_id');
  const sorted = sort !== undefined && sort.length === 1 && sort[0]!.field === '_id';
  if (!range && !sorted) return undefined;
  const reverse = sorted && sort[0]!.dir === -1;
  return { docs: idOrderedDocs(collection, range, reverse), ordered: sorted };
}

function* idOrderedDocs(
  collection: Collection,
  range: KeyRange | undefined,
  reverse: boolean,
): Generator<Doc> {
  const list = collection.idOrdered();
  const before = (bound: KeyBound) => (doc: Doc) => {
    const c = compareValues(doc._id, bound.value);
    return c < 0 || (c === 0 && !bound.inclusive);
  };
  const notAfter = (bound: KeyBound) => (doc: Doc) => {
    const c = compareValues(doc._id, bound.value);
    return c < 0 || (c === 0 && bound.inclusive);
  };
  const start = range?.lo ? list.search(before(range.lo)) : { chunk: 0, offset: 0 };
  const end = list.search(range?.hi ? notAfter(range.hi) : () => true);
  for (const doc of reverse ? list.backward(start, end) : list.forward(start, end)) {
    executionStats.keysExamined++;
    yield doc;
  }
}

/**
 * Chooses how to find candidates for `filter` in a committed collection: an `_id` lookup, an
 * equality index, or an ordered walk (equality prefix + range and/or sort) when that does at
 * least as well. Undefined means a full scan. Candidates are always a superset of the matches.
 */
export function planScan(
  collection: Collection,
  filter: Doc,
  options: ScanOptions,
): ScanPlan | undefined {
  const conditions = equalityConditions(filter);
  const idKeys = conditions.get('_id');
  if (idKeys) return { docs: idLookup(collection, idKeys), ordered: false };
  const equality = conditions.size > 0 ? bestEqualityIndex(collection, conditions) : undefined;
  const ordered = bestOrderedPlan(collection, filter, conditions, options.sort);
  // An ordered walk only when it pins as many fields as the best equality lookup: then its
  // candidates are a subset of that lookup's, and it may spare the sort.
  const pinned = equality?.prefix.length ?? 0;
  if (ordered && (ordered.level > pinned || (ordered.level === pinned && !equality?.unique))) {
    if (ordered.level > 0 || ordered.sorted) {
      return { docs: orderedDocs(collection, ordered), ordered: ordered.sorted };
    }
  }
  if (!equality) {
    // Nothing pins a field: a range or sort on `_id` walks `_id` order rather than everything.
    const byId = idOrderedPlan(collection, filter, options.sort);
    if (byId && (byId.ordered || !ordered)) return byId;
    if (ordered) return { docs: orderedDocs(collection, ordered), ordered: ordered.sorted };
  }
  return equality ? { docs: equalityLookup(collection, equality), ordered: false } : undefined;
}

const UNKNOWN_OPERATOR = /unknown (?:query )?operator:? '?(\$\w+)'?/i;

/** Scalars whose mongod equality is exactly "same canonical key" (no null/array/regex/decimal). */
function simpleScalar(value: unknown): boolean {
  if (value === null || value === undefined || Array.isArray(value) || value instanceof RegExp)
    return false;
  if (typeof value !== 'object') return true;
  if (isPlainObject(value)) return false;
  return (value as { _bsontype?: string })._bsontype !== 'Decimal128';
}

/**
 * `{field: scalar, ...}` filters (the usual findOne-by-key) are matched without building a mingo
 * Query, whose construction copies every operator table. Same semantics: a field equals the value
 * or is an array containing it.
 */
function equalityMatcher(filter: Doc): ((doc: Doc) => boolean) | undefined {
  const entries = Object.entries(filter);
  if (!entries.every(([field, value]) => !field.startsWith('$') && simpleScalar(value)))
    return undefined;
  const expected = entries.map(([field, value]) => [field, encodeKey(value)] as const);
  return (doc) =>
    expected.every(([field, key]) => valuesAtPath(doc, field).some((v) => encodeKey(v) === key));
}

/** Compiles a filter, mapping mingo's complaints to mongod's error codes. */
export function compileFilter(filter: Doc): (doc: Doc) => boolean {
  if (Object.keys(filter).length === 0) return () => true;
  const simple = equalityMatcher(filter);
  if (simple) return simple;
  let query: Query;
  try {
    query = new Query(filter);
  } catch (error) {
    throw filterError(error);
  }
  return (doc) => {
    try {
      return query.test(doc);
    } catch (error) {
      throw filterError(error);
    }
  };
}

function filterError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const unknown = UNKNOWN_OPERATOR.exec(message);
  if (unknown) return commandError('BadValue', `unknown operator: ${unknown[1]}`);
  return commandError('BadValue', message);
}

function sortValue(doc: Doc, path: string, descending: boolean): unknown {
  const value = resolve(doc, path);
  if (!Array.isArray(value)) return value;
  // mongod sorts arrays by their smallest (ascending) or largest (descending) element.
  if (value.length === 0) return undefined;
  return value.reduce((acc: unknown, v: unknown) => {
    const c = compareValues(v, acc);
    return descending ? (c > 0 ? v : acc) : c < 0 ? v : acc;
  });
}

export function sortComparator(sort: Doc): ((a: Doc, b: Doc) => number) | undefined {
  const keys = Object.entries(sort).filter(([field]) => field !== '$natural');
  if (keys.length === 0) return undefined;
  const spec = keys.map(([field, dir]) => {
    if (isPlainObject(dir)) return { field, sign: 1, meta: true };
    if (dir !== 1 && dir !== -1)
      throw commandError(
        'BadValue',
        '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
      );
    return { field, sign: dir, meta: false };
  });
  return (a, b) => {
    for (const { field, sign, meta } of spec) {
      if (meta) continue;
      const c = compareValues(sortValue(a, field, sign < 0), sortValue(b, field, sign < 0));
      if (c !== 0) return c * sign;
    }
    return 0;
  };
}

/** The subset of a collection visible to one reader (committed state or a transaction). */
export interface ReadableCollection {
  candidates(filter: Doc): Iterable<Doc>;
  /** Candidates chosen with the query's sort and limit in mind (possibly already in order). */
  scan(filter: Doc, options: ScanOptions): ScanPlan;
}

/** Plain `{field: ±1}` sort keys, or undefined when the sort uses $meta/$natural (or is empty). */
function plainSortKeys(sort: Doc | undefined): SortKey[] | undefined {
  if (!sort) return undefined;
  const keys: SortKey[] = [];
  for (const [field, dir] of Object.entries(sort)) {
    if (dir !== 1 && dir !== -1) return undefined;
    if (field.startsWith('$')) return undefined;
    keys.push({ field, dir });
  }
  return keys.length > 0 ? keys : undefined;
}

export interface QueryOptions {
  sort?: Doc | undefined;
  skip?: number | undefined;
  /** 0 or undefined = no limit. */
  limit?: number | undefined;
}

export function runQuery(view: ReadableCollection, filter: Doc, options: QueryOptions = {}): Doc[] {
  if (!isPlainObject(filter)) throw commandError('TypeMismatch', 'filter must be an object');
  const matches = compileFilter(filter);
  const skip = Math.max(0, options.skip ?? 0);
  const limit = Math.abs(options.limit ?? 0);
  const comparator = options.sort ? sortComparator(options.sort) : undefined;
  const naturalReverse = options.sort?.$natural === -1;
  const results: Doc[] = [];
  const plan = view.scan(filter, {
    sort: naturalReverse ? undefined : plainSortKeys(options.sort),
    comparator,
  });

  if ((!comparator || plan.ordered) && !naturalReverse) {
    // Unsorted, or the candidates already come in sort order: stop as soon as the page is full.
    let skipped = 0;
    for (const doc of plan.docs) {
      executionStats.docsExamined++;
      if (!matches(doc)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      results.push(doc);
      if (limit > 0 && results.length >= limit) break;
    }
    return results;
  }

  const bound = limit > 0 && skip + limit <= TOP_K_LIMIT ? skip + limit : undefined;
  for (const doc of plan.docs) {
    executionStats.docsExamined++;
    if (!matches(doc)) continue;
    if (bound === undefined || !comparator) {
      results.push(doc);
      continue;
    }
    insertBounded(results, doc, comparator, bound);
  }
  if (naturalReverse && !comparator) results.reverse();
  else if (comparator && bound === undefined) results.sort(comparator);
  const end = limit > 0 ? skip + limit : undefined;
  return results.slice(skip, end);
}

/** Keeps `sorted` the `bound` smallest docs; equal keys stay in arrival order like a stable sort. */
function insertBounded(
  sorted: Doc[],
  doc: Doc,
  comparator: (a: Doc, b: Doc) => number,
  bound: number,
): void {
  if (sorted.length >= bound && comparator(doc, sorted[sorted.length - 1] as Doc) >= 0) return;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparator(sorted[mid] as Doc, doc) <= 0) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, doc);
  if (sorted.length > bound) sorted.pop();
}

/** Applies a find-style projection; documents are copied first because mingo edits in place. */
export function project(docs: Doc[], projection: Doc | undefined, filter: Doc = {}): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  // The filter only matters for positional (`a.$`) projections; otherwise it would wrongly drop
  // documents that no longer match it (findAndModify post-images).
  const positional = Object.keys(projection).some((key) => key.endsWith('.$'));
  try {
    const query = new Query(positional ? filter : {});
    return query.find<Doc>(docs.map(cloneDoc), projection).all().map(withIdFirst);
  } catch (error) {
    throw filterError(error);
  }
}
