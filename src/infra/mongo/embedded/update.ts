/**
 * Update semantics: operator updates are delegated to mingo on a private copy of the document;
 * replacement and pipeline updates, upsert seeding and mongod's validation rules live here.
 */
import { Aggregator } from 'mingo';
import type { Modifier, PipelineStage } from 'mingo/updater';
import { update as mingoUpdate } from 'mingo/updater';
import type { Doc } from './errors';
import { commandError, MongoCommandError } from './errors';
import {
  cloneDoc,
  cloneValue,
  deepEqual,
  encodeKey,
  ensureId,
  isPlainObject,
  setPath,
  withIdFirst,
} from './values';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$push',
  '$bit',
  '$setOnInsert',
]);

export type UpdateSpec = Doc | Doc[];

export function isPipelineUpdate(update: UpdateSpec): update is Doc[] {
  return Array.isArray(update);
}

export function isOperatorUpdate(update: UpdateSpec): boolean {
  if (Array.isArray(update)) return false;
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0]?.startsWith('$') === true;
}

export function validateUpdate(update: unknown): asserts update is UpdateSpec {
  if (Array.isArray(update)) {
    if (!update.every(isPlainObject))
      throw commandError('FailedToParse', 'Each pipeline stage must be an object');
    return;
  }
  if (!isPlainObject(update))
    throw commandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return;
  if (operators.length !== keys.length) {
    const plain = keys.find((k) => !k.startsWith('$'));
    throw commandError(
      'FailedToParse',
      `Unknown modifier: ${String(plain)}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  const seen: string[] = [];
  for (const op of operators) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw commandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const args = update[op];
    if (!isPlainObject(args))
      throw commandError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${typeof args} instead.`,
      );
    const paths =
      op === '$rename'
        ? [...Object.keys(args), ...Object.values(args).map(String)]
        : Object.keys(args);
    for (const path of paths) {
      const clash = seen.find(
        (p) => p === path || p.startsWith(path + '.') || path.startsWith(p + '.'),
      );
      if (clash !== undefined) {
        throw commandError(
          'ConflictingUpdateOperators',
          `Updating the path '${path}' would create a conflict at '${clash}'`,
        );
      }
      seen.push(path);
    }
  }
}

function immutableId(): MongoCommandError {
  return commandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

function usesPositional(modifier: Doc): boolean {
  return Object.values(modifier).some(
    (args) =>
      isPlainObject(args) &&
      Object.keys(args).some((p) => p === '$' || p.includes('.$.') || p.endsWith('.$')),
  );
}

/**
 * mongod lets `$set: {_id: <same value>}` through as a no-op but rejects any other operator on
 * `_id` (or its subfields) with ImmutableField; mingo has no notion of that.
 */
function guardId(id: unknown, modifier: Doc): Doc {
  const out: Doc = {};
  for (const [op, args] of Object.entries(modifier)) {
    if (!isPlainObject(args)) {
      out[op] = args;
      continue;
    }
    const kept: Doc = {};
    for (const [path, value] of Object.entries(args)) {
      if (path === '_id' || path.startsWith('_id.')) {
        if (op === '$set' && path === '_id' && deepEqual(value, id)) continue;
        throw immutableId();
      }
      kept[path] = value;
    }
    if (Object.keys(kept).length > 0) out[op] = kept;
  }
  return out;
}

/**
 * Moves `$set` of `_id` (or its subfields) into `idValues` for an upsert's insert; any other
 * operator on `_id` is mongod's ImmutableField error.
 */
function withoutIdPaths(modifier: Doc, idValues: Doc): Doc {
  const out: Doc = {};
  for (const [op, args] of Object.entries(modifier)) {
    if (!isPlainObject(args)) {
      out[op] = args;
      continue;
    }
    const kept: Doc = {};
    for (const [path, value] of Object.entries(args)) {
      if (path === '_id' || path.startsWith('_id.')) {
        if (op !== '$set') throw immutableId();
        idValues[path] = value;
        continue;
      }
      kept[path] = value;
    }
    if (Object.keys(kept).length > 0) out[op] = kept;
  }
  return out;
}

/** mingo's $addToSet doesn't de-duplicate within `$each`; mongod does. */
function normaliseAddToSet(modifier: Doc): Doc {
  const args = modifier.$addToSet;
  if (!isPlainObject(args)) return modifier;
  const fixed: Doc = {};
  for (const [path, value] of Object.entries(args)) {
    if (isPlainObject(value) && Array.isArray(value.$each)) {
      const seen = new Set<string>();
      fixed[path] = {
        ...value,
        $each: value.$each.filter((v) => !seen.has(encodeKey(v)) && !!seen.add(encodeKey(v))),
      };
    } else {
      fixed[path] = value;
    }
  }
  return { ...modifier, $addToSet: fixed };
}

function applyOperators(
  doc: Doc,
  modifier: Doc,
  arrayFilters: Doc[] | undefined,
  query: Doc | undefined,
): boolean {
  if (Object.keys(modifier).length === 0) return false;
  try {
    const changed = mingoUpdate(
      doc,
      normaliseAddToSet(modifier) as Modifier<Doc>,
      arrayFilters,
      query && usesPositional(modifier) ? query : undefined,
      { cloneMode: 'copy' },
    );
    return changed.length > 0;
  } catch (error) {
    if (error instanceof MongoCommandError) throw error;
    throw commandError('BadValue', error instanceof Error ? error.message : String(error));
  }
}

function runPipeline(doc: Doc, stages: Doc[]): Doc {
  try {
    const [result] = new Aggregator(stages as PipelineStage[] as Doc[]).run<Doc>([cloneDoc(doc)]);
    if (!result) throw commandError('BadValue', 'pipeline update removed the document');
    return result;
  } catch (error) {
    if (error instanceof MongoCommandError) throw error;
    throw commandError('BadValue', error instanceof Error ? error.message : String(error));
  }
}

function replacementOf(id: unknown, replacement: Doc): Doc {
  const out: Doc = { _id: id };
  for (const [key, value] of Object.entries(replacement)) {
    if (key === '_id') {
      if (!deepEqual(value, id)) throw immutableId();
      continue;
    }
    out[key] = cloneDoc({ v: value }).v;
  }
  return out;
}

/** Returns the updated copy of `doc` (never edits it) and whether anything changed. */
export function applyUpdate(
  doc: Doc,
  update: UpdateSpec,
  arrayFilters: Doc[] | undefined,
  query: Doc | undefined,
): { doc: Doc; changed: boolean } {
  let next: Doc;
  if (isPipelineUpdate(update)) {
    next = withIdFirst(runPipeline(doc, update));
  } else if (isOperatorUpdate(update)) {
    const { $setOnInsert: _ignored, ...rest } = update;
    const modifier = guardId(doc._id, rest);
    next = cloneDoc(doc);
    if (!applyOperators(next, modifier, arrayFilters, query)) return { doc, changed: false };
  } else {
    next = replacementOf(doc._id, update);
  }
  if (!deepEqual(next._id, doc._id)) throw immutableId();
  return deepEqual(next, doc) ? { doc, changed: false } : { doc: next, changed: true };
}

/** Equality fields of the query, which mongod copies into an upserted document. */
export function seedFromQuery(query: Doc): Doc {
  const seed: Doc = {};
  const visit = (clause: Doc): void => {
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const part of condition) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (field.startsWith('$') || condition instanceof RegExp) continue;
      if (isPlainObject(condition)) {
        const keys = Object.keys(condition);
        if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
          if (keys.length === 1 && '$eq' in condition)
            setPath(seed, field, cloneDoc({ v: condition.$eq }).v);
          continue;
        }
      }
      setPath(seed, field, cloneDoc({ v: condition }).v);
    }
  };
  visit(query);
  return seed;
}

export function buildUpsertDocument(
  query: Doc,
  update: UpdateSpec,
  arrayFilters: Doc[] | undefined,
): Doc {
  const seed = seedFromQuery(query);
  let doc: Doc;
  if (isPipelineUpdate(update)) {
    doc = runPipeline(seed, update);
  } else if (isOperatorUpdate(update)) {
    const seedId = seed._id;
    doc = seed;
    const { $setOnInsert, ...modifier } = update;
    // mingo refuses any operator on `_id`; an inserted document may get its `_id` from $set or
    // $setOnInsert (as long as it agrees with the query's), so those are applied here.
    const idValues: Doc = {};
    applyOperators(doc, withoutIdPaths(modifier, idValues), arrayFilters, undefined);
    if (isPlainObject($setOnInsert)) {
      const onInsert = withoutIdPaths({ $set: $setOnInsert }, idValues);
      applyOperators(doc, onInsert, arrayFilters, undefined);
    }
    for (const [path, value] of Object.entries(idValues)) setPath(doc, path, cloneValue(value));
    if (seedId !== undefined && !deepEqual(doc._id, seedId)) throw immutableId();
  } else {
    doc = seed._id === undefined ? cloneDoc(update) : replacementOf(seed._id, update);
  }
  return ensureId(doc);
}
