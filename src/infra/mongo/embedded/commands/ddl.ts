/** Catalog commands: collections, databases and indexes. */
import { Binary, BSON } from 'mongodb';
import { Query } from 'mingo';
import { splitNamespace, validateDbName } from '../catalog';
import type { Collection } from '../collection';
import type { Doc } from '../errors';
import { commandError } from '../errors';
import type { IndexSpec } from '../indexes';
import { defaultIndexName } from '../indexes';
import { deepEqual, isPlainObject } from '../values';
import type { CommandContext, CommandHandler } from './context';
import { cursorBatchSize, targetCollection } from './context';

function requireCollection(ctx: CommandContext, name: string): Collection {
  const collection = ctx.state.catalog.getCollection(ctx.db, name);
  if (!collection) throw commandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  return collection;
}

/** Stable per-collection UUID derived from the namespace, good enough for listCollections.info. */
function collectionUuid(ns: string): Binary {
  const bytes = Buffer.alloc(16);
  Buffer.from(ns).forEach((b, i) => (bytes[i % 16] = ((bytes[i % 16] ?? 0) * 31 + b) & 0xff));
  return new Binary(bytes, Binary.SUBTYPE_UUID);
}

/** Options echoed back by listCollections; envelope fields (lsid, $db…) must not leak in. */
const COLLECTION_OPTIONS = [
  'capped',
  'size',
  'max',
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'timeseries',
  'expireAfterSeconds',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
  'storageEngine',
  'indexOptionDefaults',
];

const create: CommandHandler = (ctx) => {
  const name = targetCollection(ctx);
  if (ctx.body.viewOn !== undefined)
    throw commandError('BadValue', 'views are not supported by the embedded server');
  const options: Doc = {};
  for (const key of COLLECTION_OPTIONS)
    if (ctx.body[key] !== undefined) options[key] = ctx.body[key];
  ctx.state.catalog.createCollection(ctx.db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const name = targetCollection(ctx);
  const collection = requireCollection(ctx, name);
  ctx.state.txns.abortTouching(collection.ns);
  const nIndexesWas = collection.indexSpecs().length;
  ctx.state.catalog.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  for (const collection of ctx.state.catalog.listCollections(ctx.db))
    ctx.state.txns.abortTouching(collection.ns);
  ctx.state.catalog.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

function matchesFilter(filter: unknown): (doc: Doc) => boolean {
  if (!isPlainObject(filter) || Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter);
  return (doc) => query.test(doc);
}

const listCollections: CommandHandler = (ctx) => {
  const nameOnly = ctx.body.nameOnly === true;
  const filter = matchesFilter(ctx.body.filter);
  const docs = ctx.state.catalog
    .listCollections(ctx.db)
    .map((collection): Doc => {
      if (nameOnly) return { name: collection.name, type: 'collection' };
      return {
        name: collection.name,
        type: 'collection',
        options: collection.options,
        info: { readOnly: false, uuid: collectionUuid(collection.ns) },
        idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
      };
    })
    .filter(filter);
  return {
    cursor: ctx.state.cursors.open(
      `${ctx.db}.$cmd.listCollections`,
      docs,
      cursorBatchSize(ctx.body),
    ),
    ok: 1,
  };
};

function approximateSize(collections: Collection[]): number {
  let bytes = 0;
  for (const collection of collections) {
    for (const doc of collection.docs.values()) bytes += BSON.calculateObjectSize(doc);
  }
  return bytes;
}

const listDatabases: CommandHandler = (ctx) => {
  const { catalog } = ctx.state;
  const nameOnly = ctx.body.nameOnly === true;
  const filter = matchesFilter(ctx.body.filter);
  const databases = catalog
    .listDatabases()
    .map((name): Doc => {
      if (nameOnly) return { name };
      const sizeOnDisk = approximateSize(catalog.listCollections(name));
      return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    })
    .filter(filter);
  const totalSize = databases.reduce((sum, db) => sum + Number(db.sizeOnDisk ?? 0), 0);
  return nameOnly
    ? { databases, ok: 1 }
    : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
};

const createIndexes: CommandHandler = (ctx) => {
  const name = targetCollection(ctx);
  const indexes = ctx.body.indexes;
  if (!Array.isArray(indexes) || indexes.length === 0 || !indexes.every(isPlainObject)) {
    throw commandError('BadValue', 'Must specify at least one index to create');
  }
  const { catalog } = ctx.state;
  const createdCollectionAutomatically = catalog.getCollection(ctx.db, name) === undefined;
  const collection = catalog.ensureCollection(ctx.db, name);
  const numIndexesBefore = collection.indexSpecs().length;
  for (const spec of indexes) {
    if (spec.name === undefined && isPlainObject(spec.key)) spec.name = defaultIndexName(spec.key);
    collection.createIndex(spec);
  }
  const numIndexesAfter = collection.indexSpecs().length;
  const reply: Doc = { numIndexesBefore, numIndexesAfter, createdCollectionAutomatically, ok: 1 };
  if (numIndexesAfter === numIndexesBefore) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (ctx) => {
  const name = targetCollection(ctx);
  const specs = requireCollection(ctx, name).indexSpecs();
  return {
    cursor: ctx.state.cursors.open(`${ctx.db}.${name}`, specs, cursorBatchSize(ctx.body)),
    ok: 1,
  };
};

function indexNamesToDrop(collection: Collection, target: unknown): string[] {
  if (target === '*') return [...collection.indexes.keys()];
  if (typeof target === 'string') return [target];
  if (Array.isArray(target)) return target.map(String);
  if (isPlainObject(target)) {
    const spec = collection.indexSpecs().find((s: IndexSpec) => deepEqual(s.key, target));
    if (!spec)
      throw commandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
    return [spec.name];
  }
  throw commandError('BadValue', 'invalid index name spec');
}

const dropIndexes: CommandHandler = (ctx) => {
  const collection = requireCollection(ctx, targetCollection(ctx));
  const nIndexesWas = collection.indexSpecs().length;
  const names = indexNamesToDrop(collection, ctx.body.index);
  // Check every name first so a bad one leaves all indexes in place, like mongod.
  for (const name of names) {
    if (name !== '_id_' && !collection.indexes.has(name)) {
      throw commandError('IndexNotFound', `index not found with name [${name}]`);
    }
  }
  for (const name of names) collection.dropIndex(name);
  return { nIndexesWas, ok: 1 };
};

const collMod: CommandHandler = (ctx) => {
  requireCollection(ctx, targetCollection(ctx));
  return { ok: 1 };
};

const renameCollection: CommandHandler = (ctx) => {
  const from = ctx.body.renameCollection;
  const to = ctx.body.to;
  if (typeof from !== 'string' || typeof to !== 'string')
    throw commandError('TypeMismatch', 'renameCollection needs string namespaces');
  const source = splitNamespace(from);
  const target = splitNamespace(to);
  validateDbName(target.db);
  ctx.state.txns.abortTouching(from);
  ctx.state.txns.abortTouching(to);
  ctx.state.catalog.renameCollection(
    source.db,
    source.name,
    target.db,
    target.name,
    ctx.body.dropTarget === true,
  );
  return { ok: 1 };
};

const dbStats: CommandHandler = (ctx) => {
  const collections = ctx.state.catalog.listCollections(ctx.db);
  const dataSize = approximateSize(collections);
  const objects = collections.reduce((sum, c) => sum + c.docs.size, 0);
  return {
    db: ctx.db,
    collections: collections.length,
    views: 0,
    objects,
    dataSize,
    storageSize: dataSize,
    indexes: collections.reduce((sum, c) => sum + c.indexSpecs().length, 0),
    ok: 1,
  };
};

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collMod,
  renameCollection,
  dbStats,
};
