/** Read commands: find/getMore/killCursors, count, distinct and aggregate. */
import { Aggregator } from 'mingo';
import type { Doc } from '../errors';
import { commandError, MongoCommandError } from '../errors';
import { executionStats, project, runQuery } from '../planner';
import { cloneDoc, encodeKey, ensureId, isPlainObject, valuesAtPath } from '../values';
import type { CommandContext, CommandHandler } from './context';
import { cursorBatchSize, optionalDoc, optionalNumber, targetCollection } from './context';

const find: CommandHandler = (ctx) => {
  const name = targetCollection(ctx);
  const body = ctx.body;
  const filter = optionalDoc(body, 'filter') ?? {};
  const limit = optionalNumber(body, 'limit') ?? 0;
  const docs = runQuery(ctx.view(name), filter, {
    sort: optionalDoc(body, 'sort'),
    skip: optionalNumber(body, 'skip'),
    limit,
  });
  const projected = project(docs, optionalDoc(body, 'projection'), filter);
  const singleBatch = body.singleBatch === true || limit < 0;
  const cursor = ctx.state.cursors.open(
    `${ctx.db}.${name}`,
    projected,
    optionalNumber(body, 'batchSize'),
    singleBatch,
  );
  return { cursor, ok: 1 };
};

const getMore: CommandHandler = (ctx) => {
  const id = Number(ctx.body.getMore);
  const collection = ctx.body.collection;
  if (typeof collection !== 'string')
    throw commandError('TypeMismatch', "Field 'collection' must be a string");
  const cursor = ctx.state.cursors.getMore(
    id,
    `${ctx.db}.${collection}`,
    optionalNumber(ctx.body, 'batchSize'),
  );
  return { cursor, ok: 1 };
};

const killCursors: CommandHandler = (ctx) => {
  const ids = Array.isArray(ctx.body.cursors) ? ctx.body.cursors.map(Number) : [];
  return { ...ctx.state.cursors.kill(ids), ok: 1 };
};

const count: CommandHandler = (ctx) => {
  const docs = runQuery(ctx.view(targetCollection(ctx)), optionalDoc(ctx.body, 'query') ?? {}, {
    skip: optionalNumber(ctx.body, 'skip'),
    limit: optionalNumber(ctx.body, 'limit'),
  });
  return { n: docs.length, ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const key = ctx.body.key;
  if (typeof key !== 'string') throw commandError('TypeMismatch', "Field 'key' must be a string");
  const docs = runQuery(ctx.view(targetCollection(ctx)), optionalDoc(ctx.body, 'query') ?? {});
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined) continue;
      const k = encodeKey(value);
      if (!seen.has(k)) seen.set(k, value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

/** Stages that never modify their input documents, so the stored objects can be fed directly. */
const NON_MUTATING_STAGES = new Set([
  '$match',
  '$group',
  '$count',
  '$sort',
  '$limit',
  '$skip',
  '$sortByCount',
]);

function stageName(stage: Doc): string {
  const [name] = Object.keys(stage);
  if (!name)
    throw commandError(
      'BadValue',
      'A pipeline stage specification object must contain exactly one field.',
    );
  return name;
}

function aggregationError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  return commandError('BadValue', error instanceof Error ? error.message : String(error));
}

function runPipeline(ctx: CommandContext, collection: string | undefined, pipeline: Doc[]): Doc[] {
  let stages = pipeline;
  let source: Doc[] = [];
  if (collection !== undefined) {
    const first = stages[0];
    const leadingMatch = first && isPlainObject(first.$match) ? first.$match : undefined;
    // A leading $match goes through the planner so it can use indexes.
    source = runQuery(ctx.view(collection), leadingMatch ?? {});
    if (leadingMatch) stages = stages.slice(1);
  }
  if (stages.length === 0) return source;
  const safe = stages.every((stage) => NON_MUTATING_STAGES.has(stageName(stage)));
  const input = safe ? source : source.map(cloneDoc);
  const resolved = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let docs = resolved.get(name);
    if (!docs) {
      docs = [...ctx.view(name).candidates({})].map(cloneDoc);
      executionStats.docsExamined += docs.length;
      resolved.set(name, docs);
    }
    return docs;
  };
  try {
    return new Aggregator(stages, { collectionResolver }).run<Doc>(input);
  } catch (error) {
    throw aggregationError(error);
  }
}

function writeOut(ctx: CommandContext, target: unknown, docs: Doc[]): void {
  const spec = isPlainObject(target) ? target : { db: ctx.db, coll: target };
  const db = typeof spec.db === 'string' ? spec.db : ctx.db;
  if (typeof spec.coll !== 'string')
    throw commandError('BadValue', '$out requires a collection name');
  const { catalog, txns } = ctx.state;
  const existing = catalog.getCollection(db, spec.coll);
  const indexes = existing?.indexSpecs().filter((s) => s.name !== '_id_') ?? [];
  txns.abortTouching(`${db}.${spec.coll}`);
  catalog.dropCollection(db, spec.coll);
  const collection = catalog.ensureCollection(db, spec.coll);
  for (const index of indexes) collection.createIndex(index);
  for (const doc of docs) collection.insert(ensureId(doc));
}

const aggregate: CommandHandler = (ctx) => {
  const target = ctx.body.aggregate;
  const collection = target === 1 ? undefined : targetCollection(ctx);
  const pipeline = ctx.body.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) {
    throw commandError('TypeMismatch', "'pipeline' option must be specified as an array");
  }
  const last = pipeline[pipeline.length - 1];
  const lastName = last ? stageName(last) : undefined;
  if (lastName === '$merge')
    throw commandError('BadValue', '$merge is not supported by the embedded server');
  if (lastName === '$out' && ctx.txn) {
    throw commandError(
      'OperationNotSupportedInTransaction',
      '$out cannot be used in a transaction',
    );
  }
  const stages = lastName === '$out' ? pipeline.slice(0, -1) : pipeline;
  const results = runPipeline(ctx, collection, stages);
  if (lastName === '$out' && last) {
    writeOut(ctx, last.$out, results);
    return {
      cursor: ctx.state.cursors.open(`${ctx.db}.${collection ?? '$cmd.aggregate'}`, [], 0),
      ok: 1,
    };
  }
  const ns = `${ctx.db}.${collection ?? '$cmd.aggregate'}`;
  return { cursor: ctx.state.cursors.open(ns, results, cursorBatchSize(ctx.body)), ok: 1 };
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
