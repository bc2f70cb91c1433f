/**
 * BSON-aware value helpers: cloning that keeps driver classes intact (structuredClone would turn
 * an ObjectId into a plain object), canonical keys for hash indexes, and dotted-path traversal.
 */
import { ObjectId } from 'mongodb';
import { compare as mingoCompare } from 'mingo/util';
import type { Doc } from './errors';

export type { Doc } from './errors';

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function bsonType(value: object): string | undefined {
  return (value as { _bsontype?: string })._bsontype;
}

/** Deep copy of plain objects/arrays/Dates; BSON value classes are immutable and shared. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const key of Object.keys(value)) out[key] = cloneValue(value[key]);
    return out as T;
  }
  return value;
}

export function cloneDoc(doc: Doc): Doc {
  return cloneValue(doc);
}

/** mongod always stores `_id` first, whatever order the client sent. */
export function withIdFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) return doc;
  const out: Doc = { _id: doc._id };
  for (const key of keys) if (key !== '_id') out[key] = doc[key];
  return out;
}

export function ensureId(doc: Doc): Doc {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  return withIdFirst(doc);
}

function numberKey(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

function lengthPrefixed(part: string): string {
  return `${part.length}:${part}`;
}

/**
 * Canonical string for equality in hash indexes. Numbers of any BSON width compare equal
 * (1, 1.0 and Long(1) share a key), null and missing share a key, as in mongod's index keys.
 */
export function encodeKey(value: unknown): string {
  if (value === undefined || value === null) return 'N';
  switch (typeof value) {
    case 'number':
      return 'n' + numberKey(value);
    case 'string':
      return 's' + value;
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + value.toString();
    case 'object':
      break;
    default:
      return 'u' + String(value);
  }
  if (Array.isArray(value))
    return 'a[' + value.map((v) => lengthPrefixed(encodeKey(v))).join('') + ']';
  if (value instanceof Date) return 'd' + value.getTime();
  if (value instanceof RegExp) return 'r' + value.source + '/' + value.flags;
  if (isPlainObject(value)) {
    let out = 'O{';
    for (const key of Object.keys(value))
      out += lengthPrefixed(key) + lengthPrefixed(encodeKey(value[key]));
    return out + '}';
  }
  switch (bsonType(value)) {
    case 'ObjectId':
      return 'o' + (value as ObjectId).toHexString();
    case 'Long':
    case 'Int32':
    case 'Double': {
      const n = Number((value as { valueOf(): unknown }).valueOf());
      return Number.isSafeInteger(n) || !Number.isInteger(n)
        ? 'n' + numberKey(n)
        : 'n' + String(value);
    }
    case 'Decimal128': {
      const text = String(value);
      const n = Number(text);
      return Number.isSafeInteger(n) ? 'n' + numberKey(n) : 'D' + text;
    }
    case 'Binary': {
      const binary = value as { sub_type: number; buffer: Uint8Array };
      return 'x' + binary.sub_type + Buffer.from(binary.buffer).toString('base64');
    }
    default:
      return 'u' + (bsonType(value) ?? 'object') + JSON.stringify(value);
  }
}

export function idKeyOf(doc: Doc): string {
  return encodeKey(doc._id);
}

/**
 * All values an index sees at `path`, fanning out over arrays like a multikey index. A missing
 * field yields `undefined` (indexed as null); an array leaf contributes its elements.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length === 0 ? [undefined] : out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const element of value) out.push(element);
    } else {
      out.push(value);
    }
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      collect(value[Number(part)], parts, i + 1, out);
      return;
    }
    for (const element of value)
      if (isPlainObject(element)) collect(element[part], parts, i + 1, out);
    return;
  }
  if (isPlainObject(value)) {
    collect(value[part], parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

/** Reads a dotted path without array fan-out (used for upsert seeds and key values). */
export function getPath(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Doc)[part];
  }
  return current;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = current[part];
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created: Doc = {};
      current[part] = created;
      current = created;
    }
  }
  current[parts[parts.length - 1] as string] = value;
}

/** MongoDB's cross-type ordering, delegated to mingo so sort and $gt agree with queries. */
export function compareValues(a: unknown, b: unknown): number {
  return mingoCompare(a, b);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(a[k], b[k]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return encodeKey(a) === encodeKey(b) && bsonType(a) === bsonType(b);
}

/** Renders a key value the way mongod prints it in E11000 messages. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value).map((k) => `${k}: ${formatValue(value[k])}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'object' && bsonType(value) === 'ObjectId') {
    return `ObjectId('${(value as ObjectId).toHexString()}')`;
  }
  return String(value);
}
