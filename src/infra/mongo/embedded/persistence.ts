/**
 * Durability for a dataDir: an append-only journal of framed records (one per command or
 * committed transaction, written before the reply) plus a snapshot rewritten by compaction.
 *
 * Frame: u32 payload length | u32 crc32(payload) | payload. A torn or corrupt tail frame is how a
 * crash mid-write looks; replay stops there and truncates it, leaving the last complete state.
 *
 * Files: `snapshot.bin` (records the journal generation it includes up to) and
 * `journal-<gen>.log`. Compaction writes the snapshot to a temp file, fsyncs, renames, then
 * starts the next generation, so every crash point leaves a snapshot+journal pair that replays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON } from 'mongodb';
import type { Catalog } from './catalog';
import { splitNamespace } from './catalog';
import type { JournalOp } from './collection';
import type { Doc } from './errors';
import type { IndexSpec } from './indexes';
import { encodeKey } from './values';

const SNAPSHOT = 'snapshot.bin';
const FRAME_HEADER = 8;
/** Compact once the journal outgrows this and is also larger than the last snapshot. */
const MIN_COMPACT_BYTES = 64 * 1024 * 1024;

const deserializeOptions = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
} as const;

function frame(payload: Buffer): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/** Yields complete, checksummed payloads; `end` reports where the valid prefix stops. */
function* readFrames(data: Buffer, state: { end: number }): Generator<Buffer> {
  let offset = 0;
  while (offset + FRAME_HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const start = offset + FRAME_HEADER;
    if (start + length > data.length) break;
    const payload = data.subarray(start, start + length);
    if (crc32(payload) !== checksum) break;
    offset = start + length;
    state.end = offset;
    yield payload;
  }
}

/** A journal record is a sequence of BSON op documents (each under 16MB even if the batch isn't). */
function encodeRecord(ops: JournalOp[]): Buffer {
  return frame(Buffer.concat(ops.map((op) => BSON.serialize(op))));
}

function decodeRecord(payload: Buffer): JournalOp[] {
  const ops: JournalOp[] = [];
  let offset = 0;
  while (offset < payload.length) {
    const size = payload.readInt32LE(offset);
    ops.push(
      BSON.deserialize(payload.subarray(offset, offset + size), deserializeOptions) as JournalOp,
    );
    offset += size;
  }
  return ops;
}

/** Applies one op idempotently (inserts overwrite), so replaying over a newer state is harmless. */
export function applyOp(catalog: Catalog, op: JournalOp): void {
  const { db, name } = splitNamespace(op.ns);
  switch (op.op) {
    case 'insert': {
      const collection = catalog.ensureCollection(db, name);
      const existing = collection.docs.get(encodeKey(op.doc._id));
      if (existing) collection.replace(existing, op.doc);
      else collection.insert(op.doc);
      return;
    }
    case 'delete': {
      const collection = catalog.getCollection(db, name);
      const existing = collection?.docs.get(encodeKey(op.id));
      if (collection && existing) collection.remove(existing);
      return;
    }
    case 'createCollection':
      catalog.ensureCollection(db, name, op.options);
      return;
    case 'dropCollection':
      catalog.dropCollection(db, name);
      return;
    case 'createIndex': {
      const collection = catalog.ensureCollection(db, name);
      if (!collection.indexes.has(op.spec.name)) collection.createIndex(op.spec);
      return;
    }
    case 'dropIndex':
      catalog.getCollection(db, name)?.indexes.delete(op.name);
      return;
    case 'rename': {
      const target = splitNamespace(op.to);
      if (catalog.getCollection(db, name))
        catalog.renameCollection(db, name, target.db, target.name, true);
      return;
    }
  }
}

interface SnapshotHeader {
  kind: 'header';
  generation: number;
}

type SnapshotEntry =
  | SnapshotHeader
  | { kind: 'collection'; ns: string; options: Doc; indexes: IndexSpec[] }
  | { kind: 'doc'; ns: string; doc: Doc }
  | { kind: 'end' };

export class Persistence {
  private fd: number;
  private journalBytes = 0;
  private snapshotBytes = 0;

  private constructor(
    private readonly dir: string,
    private readonly catalog: Catalog,
    private generation: number,
  ) {
    this.fd = fs.openSync(this.journalPath(generation), 'a');
    this.journalBytes = fs.fstatSync(this.fd).size;
    catalog.journaling = true;
  }

  /** Loads snapshot + journal into `catalog` (journaling off while replaying), then attaches. */
  static open(dir: string, catalog: Catalog): Persistence {
    fs.mkdirSync(dir, { recursive: true });
    catalog.journaling = false;
    const generation = loadSnapshot(dir, catalog);
    const journal = path.join(dir, `journal-${generation}.log`);
    if (fs.existsSync(journal)) {
      const data = fs.readFileSync(journal);
      const state = { end: 0 };
      for (const payload of readFrames(data, state)) {
        for (const op of decodeRecord(payload)) applyOp(catalog, op);
      }
      if (state.end < data.length) fs.truncateSync(journal, state.end);
    }
    for (const file of fs.readdirSync(dir)) {
      const match = /^journal-(\d+)\.log$/.exec(file);
      if (match && Number(match[1]) !== generation)
        fs.rmSync(path.join(dir, file), { force: true });
    }
    const persistence = new Persistence(dir, catalog, generation);
    persistence.snapshotBytes = fs.existsSync(path.join(dir, SNAPSHOT))
      ? fs.statSync(path.join(dir, SNAPSHOT)).size
      : 0;
    return persistence;
  }

  private journalPath(generation: number): string {
    return path.join(this.dir, `journal-${generation}.log`);
  }

  /** Writes the catalog's pending ops as one record; called before the command's reply is sent. */
  flush(): void {
    if (this.catalog.pending.length === 0) return;
    const record = encodeRecord(this.catalog.takePending());
    fs.writeSync(this.fd, record);
    this.journalBytes += record.length;
    if (this.journalBytes > MIN_COMPACT_BYTES && this.journalBytes > this.snapshotBytes)
      this.compact();
  }

  compact(): void {
    const next = this.generation + 1;
    const tmp = path.join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    let bytes = 0;
    const write = (entry: SnapshotEntry): void => {
      const framed = frame(Buffer.from(BSON.serialize(entry)));
      fs.writeSync(fd, framed);
      bytes += framed.length;
    };
    try {
      write({ kind: 'header', generation: next });
      for (const collection of this.catalog.allCollections()) {
        const indexes = collection.indexSpecs().filter((spec) => spec.name !== '_id_');
        write({ kind: 'collection', ns: collection.ns, options: collection.options, indexes });
        for (const doc of collection.docs.values()) write({ kind: 'doc', ns: collection.ns, doc });
      }
      write({ kind: 'end' });
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(this.dir, SNAPSHOT));
    const old = this.journalPath(this.generation);
    fs.closeSync(this.fd);
    this.generation = next;
    this.fd = fs.openSync(this.journalPath(next), 'a');
    this.journalBytes = 0;
    this.snapshotBytes = bytes;
    fs.rmSync(old, { force: true });
  }

  close(): void {
    this.flush();
    this.compact();
    fs.closeSync(this.fd);
    this.catalog.journaling = false;
  }
}

/** Returns the journal generation that follows the snapshot (0 when there is none). */
function loadSnapshot(dir: string, catalog: Catalog): number {
  const file = path.join(dir, SNAPSHOT);
  if (!fs.existsSync(file)) return 0;
  const data = fs.readFileSync(file);
  let generation = 0;
  let complete = false;
  for (const payload of readFrames(data, { end: 0 })) {
    const entry = BSON.deserialize(payload, deserializeOptions) as SnapshotEntry;
    switch (entry.kind) {
      case 'header':
        generation = entry.generation;
        break;
      case 'collection': {
        const { db, name } = splitNamespace(entry.ns);
        const collection = catalog.ensureCollection(db, name, entry.options);
        for (const spec of entry.indexes) collection.createIndex(spec);
        break;
      }
      case 'doc': {
        const { db, name } = splitNamespace(entry.ns);
        catalog.ensureCollection(db, name).insert(entry.doc);
        break;
      }
      case 'end':
        complete = true;
        break;
    }
  }
  // Snapshots are renamed into place only when complete, so this means outside tampering.
  if (!complete) throw new Error(`embedded mongo: snapshot ${file} is incomplete`);
  return generation;
}
