/**
 * Secondary indexes as hash maps from encoded key to document ids. Every prefix of a compound
 * index gets its own map so an equality on the leading field(s) is still an O(1) lookup; ranges
 * are left to scans, which keeps the structure simple and the write path cheap.
 */
import { Query } from 'mingo';
import type { Doc } from './errors';
import { commandError } from './errors';
import { deepEqual, encodeKey, isPlainObject, valuesAtPath } from './values';

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

export class SecondaryIndex {
  readonly fields: string[];
  /** `maps[i]` indexes the first i+1 fields. */
  private readonly maps: Array<Map<string, Set<string>>>;
  private readonly partial: Query | undefined;
  /** Text/geo indexes are catalogued but not materialised; they never serve lookups. */
  readonly hashable: boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.hashable = Object.values(spec.key).every((d) => d === 1 || d === -1 || d === 'hashed');
    this.maps = this.fields.map(() => new Map<string, Set<string>>());
    this.partial = spec.partialFilterExpression
      ? new Query(spec.partialFilterExpression)
      : undefined;
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

  private encodedTuples(doc: Doc): string[][] | undefined {
    return this.tuples(doc)?.map((tuple) => tuple.map(encodeKey));
  }

  add(id: string, doc: Doc): void {
    const encoded = this.encodedTuples(doc);
    if (!encoded) return;
    for (const parts of encoded) {
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
    }
  }

  remove(id: string, doc: Doc): void {
    const encoded = this.encodedTuples(doc);
    if (!encoded) return;
    for (const parts of encoded) {
      for (let i = 0; i < parts.length; i++) {
        const map = this.maps[i] as Map<string, Set<string>>;
        const key = tupleKey(parts, i + 1);
        const ids = map.get(key);
        if (!ids) continue;
        ids.delete(id);
        if (ids.size === 0) map.delete(key);
      }
    }
  }

  /** Ids whose first `length` fields equal the encoded prefix. */
  lookup(length: number, key: string): ReadonlySet<string> | undefined {
    return this.maps[length - 1]?.get(key);
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
