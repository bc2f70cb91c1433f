/**
 * Query execution: pick candidate documents through a hash index when the filter has equalities
 * on an index prefix (or `_id`), otherwise scan; then let mingo decide matches, sort and project.
 */
import { Query } from 'mingo';
import { resolve } from 'mingo/util';
import type { Collection } from './collection';
import type { Doc } from './errors';
import { commandError, MongoCommandError } from './errors';
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

/**
 * Documents that may match `filter` according to the best equality index, or undefined when no
 * index applies and the caller must scan. Always a superset of the matches.
 */
export function indexCandidates(collection: Collection, filter: Doc): Doc[] | undefined {
  const conditions = equalityConditions(filter);
  if (conditions.size === 0) return undefined;
  const idKeys = conditions.get('_id');
  if (idKeys) {
    const docs: Doc[] = [];
    for (const key of new Set(idKeys)) {
      executionStats.keysExamined++;
      const doc = collection.docs.get(key);
      if (doc) docs.push(doc);
    }
    return docs;
  }
  let best:
    | {
        prefix: string[][];
        unique: boolean;
        lookup: (n: number, k: string) => ReadonlySet<string> | undefined;
      }
    | undefined;
  for (const index of collection.indexes.values()) {
    if (!index.usableForEquality) continue;
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
    if (prefix.length === 0) continue;
    const unique = index.unique && prefix.length === index.fields.length;
    if (
      !best ||
      prefix.length > best.prefix.length ||
      (prefix.length === best.prefix.length && unique && !best.unique)
    ) {
      best = { prefix, unique, lookup: (n, k) => index.lookup(n, k) };
    }
  }
  if (!best) return undefined;
  const ids = new Set<string>();
  for (const combo of combinations(best.prefix)) {
    executionStats.keysExamined++;
    const found = best.lookup(combo.length, tupleKey(combo, combo.length));
    if (found) for (const id of found) ids.add(id);
  }
  const docs: Doc[] = [];
  for (const id of ids) {
    const doc = collection.docs.get(id);
    if (doc) docs.push(doc);
  }
  return docs;
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

  if (!comparator && !naturalReverse) {
    let skipped = 0;
    for (const doc of view.candidates(filter)) {
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
  for (const doc of view.candidates(filter)) {
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
