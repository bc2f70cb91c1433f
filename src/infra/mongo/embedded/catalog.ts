/**
 * Databases and collections of the committed state. Writes made through committed collections
 * are queued as journal ops; the server flushes them to disk once per command, before replying.
 */
import type { CollectionHooks, JournalOp } from './collection';
import { Collection } from './collection';
import type { Doc } from './errors';
import { commandError } from './errors';

export function validateDbName(db: string): void {
  if (db.length === 0 || db.length > 63 || /[/\\. "$\0]/.test(db)) {
    throw commandError('InvalidNamespace', `Invalid database name: '${db}'`);
  }
}

export function validateCollectionName(db: string, name: unknown): asserts name is string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.includes('\0') ||
    name.startsWith('.')
  ) {
    throw commandError('InvalidNamespace', `Invalid namespace specified '${db}.${String(name)}'`);
  }
  if (name.includes('$')) {
    throw commandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}

export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private seq = 0;
  /** Ops written since the last flush; only collected when a journal is attached. */
  pending: JournalOp[] = [];
  journaling = false;

  readonly hooks: CollectionHooks = {
    journal: (op) => {
      if (this.journaling) this.pending.push(op);
    },
    tick: () => ++this.seq,
  };

  get sequence(): number {
    return this.seq;
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  ensureCollection(db: string, name: string, options: Doc = {}): Collection {
    const existing = this.getCollection(db, name);
    if (existing) return existing;
    validateDbName(db);
    validateCollectionName(db, name);
    let collections = this.dbs.get(db);
    if (!collections) {
      collections = new Map();
      this.dbs.set(db, collections);
    }
    const collection = new Collection(db, name, options, this.hooks);
    collections.set(name, collection);
    this.hooks.journal({ op: 'createCollection', ns: `${db}.${name}`, options });
    return collection;
  }

  createCollection(db: string, name: string, options: Doc): Collection {
    if (this.getCollection(db, name)) {
      throw commandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    }
    return this.ensureCollection(db, name, options);
  }

  dropCollection(db: string, name: string): Collection | undefined {
    const collections = this.dbs.get(db);
    const collection = collections?.get(name);
    if (!collections || !collection) return undefined;
    collections.delete(name);
    if (collections.size === 0) this.dbs.delete(db);
    this.hooks.journal({ op: 'dropCollection', ns: collection.ns });
    return collection;
  }

  dropDatabase(db: string): void {
    for (const collection of this.listCollections(db)) this.dropCollection(db, collection.name);
  }

  renameCollection(db: string, from: string, toDb: string, to: string, dropTarget: boolean): void {
    const source = this.getCollection(db, from);
    if (!source)
      throw commandError('NamespaceNotFound', `Source collection ${db}.${from} does not exist`);
    validateDbName(toDb);
    validateCollectionName(toDb, to);
    if (this.getCollection(toDb, to)) {
      if (!dropTarget) throw commandError('NamespaceExists', `Target namespace exists`);
      this.dropCollection(toDb, to);
    }
    this.dbs.get(db)?.delete(from);
    if (this.dbs.get(db)?.size === 0) this.dbs.delete(db);
    const oldNs = source.ns;
    source.db = toDb;
    source.name = to;
    let target = this.dbs.get(toDb);
    if (!target) {
      target = new Map();
      this.dbs.set(toDb, target);
    }
    target.set(to, source);
    this.hooks.journal({ op: 'rename', ns: oldNs, to: source.ns });
  }

  listDatabases(): string[] {
    return [...this.dbs.keys()];
  }

  listCollections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  allCollections(): Collection[] {
    return [...this.dbs.values()].flatMap((collections) => [...collections.values()]);
  }

  takePending(): JournalOp[] {
    const ops = this.pending;
    this.pending = [];
    return ops;
  }
}

export function splitNamespace(ns: string): { db: string; name: string } {
  const dot = ns.indexOf('.');
  if (dot <= 0) throw commandError('InvalidNamespace', `Invalid namespace specified '${ns}'`);
  return { db: ns.slice(0, dot), name: ns.slice(dot + 1) };
}
