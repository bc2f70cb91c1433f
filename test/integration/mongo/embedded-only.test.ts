/**
 * Behaviour specific to the embedded server (wire details, persistence, index usage). Skipped when
 * the suite runs against a real MongoDB.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BSON, MongoClient } from 'mongodb';
import type { Collection, Document } from 'mongodb';
import { startEmbeddedMongo } from '../../../src/infra/mongo/embedded';
import type { EmbeddedMongo } from '../../../src/infra/mongo/embedded';
import {
  decodeOpReply,
  encodeOpQuery,
  OP_MSG,
  readHeader,
} from '../../../src/infra/mongo/embedded/wire';

const describeEmbedded = process.env.MONGODB_URI ? describe.skip : describe;

/** Sends raw bytes and collects `count` complete replies. */
function exchange(port: number, payload: Buffer, count: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(payload));
    let data = Buffer.alloc(0);
    const replies: Buffer[] = [];
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      while (data.length >= 4 && data.length >= data.readInt32LE(0)) {
        const length = data.readInt32LE(0);
        replies.push(data.subarray(0, length));
        data = data.subarray(length);
      }
      if (replies.length >= count) {
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on('error', reject);
  });
}

/** Builds an OP_MSG by hand: body section, optional document sequence, optional checksum. */
function opMsg(
  requestId: number,
  body: Document,
  sequence?: { id: string; docs: Document[] },
  checksum = false,
): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  if (sequence) {
    const docs = Buffer.concat(sequence.docs.map((d) => Buffer.from(BSON.serialize(d))));
    const id = Buffer.from(sequence.id + '\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length);
    parts.push(Buffer.from([1]), size, id, docs);
  }
  const sections = Buffer.concat(parts);
  const header = Buffer.alloc(20);
  const total = 20 + sections.length + (checksum ? 4 : 0);
  header.writeInt32LE(total, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(checksum ? 1 : 0, 16);
  return Buffer.concat([header, sections, checksum ? Buffer.alloc(4) : Buffer.alloc(0)]);
}

function opMsgBody(reply: Buffer): Document {
  return BSON.deserialize(reply.subarray(21));
}

async function serverStatusScanned(client: MongoClient): Promise<number> {
  const status = await client.db('admin').command({ serverStatus: 1 });
  return Number(status.metrics.queryExecutor.scannedObjects);
}

describeEmbedded('embedded server: wire protocol', () => {
  let server: EmbeddedMongo;
  beforeAll(async () => {
    server = await startEmbeddedMongo();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const [reply] = await exchange(
      server.port,
      encodeOpQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }),
      1,
    );
    const header = readHeader(reply as Buffer);
    expect(header.opCode).toBe(1);
    expect(header.responseTo).toBe(7);
    const doc = decodeOpReply(reply as Buffer);
    expect(doc).toMatchObject({
      ismaster: true,
      helloOk: true,
      setName: 'rs0',
      maxWireVersion: 21,
      minWireVersion: 0,
      ok: 1,
    });
    expect(doc.hosts).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('answers pipelined OP_MSGs in order, with document sequences and checksums', async () => {
    const insert = opMsg(
      1,
      { insert: 'raw', $db: 'wire' },
      { id: 'documents', docs: [{ _id: 1 }, { _id: 2 }] },
      true,
    );
    const count = opMsg(2, { count: 'raw', query: {}, $db: 'wire' });
    const ping = opMsg(3, { ping: 1, $db: 'admin' });
    const replies = await exchange(server.port, Buffer.concat([insert, count, ping]), 3);
    expect(replies.map((r) => readHeader(r).responseTo)).toEqual([1, 2, 3]);
    expect(opMsgBody(replies[0] as Buffer)).toEqual({ n: 2, ok: 1 });
    expect(opMsgBody(replies[1] as Buffer)).toEqual({ n: 2, ok: 1 });
    expect(opMsgBody(replies[2] as Buffer)).toEqual({ ok: 1 });
  });
});

describeEmbedded('embedded server: index lookups', () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  beforeAll(async () => {
    server = await startEmbeddedMongo();
    client = new MongoClient(server.uri);
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('examines only the matching documents for unique, compound-prefix and $in lookups', async () => {
    const coll = client.db('idx').collection('people');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.createIndex({ tenant: 1, age: 1 });
    const docs = (from: number, to: number): Document[] =>
      Array.from({ length: to - from }, (_, k) => ({
        email: `u${from + k}@x`,
        tenant: `t${(from + k) % 100}`,
        age: (from + k) % 7,
      }));
    await coll.insertMany(docs(0, 1000));

    const examined = async (action: () => Promise<unknown>): Promise<number> => {
      const before = await serverStatusScanned(client);
      await action();
      return (await serverStatusScanned(client)) - before;
    };

    expect(await examined(() => coll.findOne({ email: 'u500@x' }))).toBe(1);
    expect(
      await examined(() => coll.find({ email: { $in: ['u1@x', 'u2@x', 'nope'] } }).toArray()),
    ).toBe(2);
    expect(await examined(() => coll.find({ tenant: 't5' }).toArray())).toBe(10);
    const one = await coll.findOne({ email: 'u7@x' });
    expect(await examined(() => coll.findOne({ _id: one?._id }))).toBe(1);
    // No index on `age` alone: a scan, which proves the counter is honest.
    expect(await examined(() => coll.find({ age: 3 }).toArray())).toBe(1000);

    await coll.insertMany(docs(1000, 20000));
    expect(await examined(() => coll.findOne({ email: 'u15000@x' }))).toBe(1);
    expect(
      await examined(() => coll.updateOne({ email: 'u15001@x' }, { $set: { seen: true } })),
    ).toBe(1);
    expect(
      await examined(() => coll.findOneAndUpdate({ email: 'u15002@x' }, { $set: { seen: true } })),
    ).toBe(1);
    expect(await examined(() => coll.deleteOne({ email: 'u15003@x' }))).toBe(1);
    expect(await examined(() => coll.countDocuments({ email: 'u15004@x' }))).toBe(1);
  });
});

describeEmbedded('embedded server: ordered index walks', () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  beforeAll(async () => {
    server = await startEmbeddedMongo();
    client = new MongoClient(server.uri);
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  const at = (n: number) => new Date(Date.UTC(2025, 5, 1) - Math.floor(n / 3) * 60_000);

  interface Entry {
    _id: string;
    customerId: string;
    occurredAt: Date;
  }

  /** 5,000 entries for one customer among others, three per instant so cursors hit ties. */
  async function timeline(name: string, key: Document): Promise<Collection<Entry>> {
    const coll = client.db('ordered').collection<Entry>(name);
    await coll.createIndex(key);
    const docs: Entry[] = [];
    for (let n = 0; n < 5000; n++) {
      docs.push({ _id: `c1_${String(n).padStart(5, '0')}`, customerId: 'c1', occurredAt: at(n) });
      if (n % 2 === 0)
        docs.push({ _id: `c2_${String(n).padStart(5, '0')}`, customerId: 'c2', occurredAt: at(n) });
    }
    await coll.insertMany(docs);
    return coll;
  }

  const examined = async (action: () => Promise<unknown>): Promise<number> => {
    const before = await serverStatusScanned(client);
    await action();
    return (await serverStatusScanned(client)) - before;
  };

  it('examines about one page for equality + range + sort, including $or cursors', async () => {
    const coll = await timeline('history', { customerId: 1, occurredAt: -1, _id: -1 });
    const sort = { occurredAt: -1, _id: -1 } as const;
    // Warm: the first ordered query builds the index's ordered level.
    await coll.find({ customerId: 'c1' }).sort(sort).limit(1).toArray();

    const cursor = at(2500);
    const cursorId = 'c1_02501';
    let page: Entry[] = [];
    const range = await examined(async () => {
      page = await coll
        .find({ customerId: 'c1', occurredAt: { $lt: cursor } })
        .sort(sort)
        .limit(50)
        .toArray();
    });
    expect(page).toHaveLength(50);
    expect(page[0]?.occurredAt).toEqual(at(2503));
    expect(range).toBeLessThanOrEqual(55);

    // The timeline service's shape: a bound on occurredAt plus an $or settling ties by _id.
    const service = await examined(async () => {
      page = await coll
        .find({
          customerId: 'c1',
          occurredAt: { $lte: cursor },
          $or: [{ occurredAt: { $lt: cursor } }, { _id: { $lt: cursorId } }],
        })
        .sort(sort)
        .limit(51)
        .toArray();
    });
    // Newest first: the cursor's instant (entries 2499-2501) below its id, then older instants
    // (larger n), each by _id descending.
    const older = [2500, 2499];
    for (let instant = 834; older.length < 51; instant++)
      older.push(instant * 3 + 2, instant * 3 + 1, instant * 3);
    expect(page.map((d) => d._id)).toEqual(
      older.slice(0, 51).map((n) => `c1_${String(n).padStart(5, '0')}`),
    );
    expect(service).toBeLessThanOrEqual(60);

    // The textbook keyset $or, with no bound outside it.
    const textbook = await examined(async () => {
      page = await coll
        .find({
          customerId: 'c1',
          $or: [{ occurredAt: { $lt: cursor } }, { occurredAt: cursor, _id: { $lt: cursorId } }],
        })
        .sort(sort)
        .limit(50)
        .toArray();
    });
    expect(page[0]?._id).toBe('c1_02500');
    expect(textbook).toBeLessThanOrEqual(60);

    // Deep in the history costs the same; an index-less scan would examine every document.
    const deep = await examined(() =>
      coll
        .find({ customerId: 'c1', occurredAt: { $lt: at(4800) } })
        .sort(sort)
        .limit(50)
        .toArray(),
    );
    expect(deep).toBeLessThanOrEqual(55);
  });

  it('walks an ascending index backwards for a descending sort, and serves single-field ranges', async () => {
    const coll = await timeline('ascending', { customerId: 1, occurredAt: 1 });
    await coll.createIndex({ occurredAt: 1 });
    const newest = await examined(() =>
      coll
        .find({ customerId: 'c1', occurredAt: { $lt: at(1000) } })
        .sort({ occurredAt: -1 })
        .limit(50)
        .toArray(),
    );
    expect(newest).toBeLessThanOrEqual(55);
    let docs: Entry[] = [];
    const oldestFirst = await examined(async () => {
      docs = await coll.find({}).sort({ occurredAt: 1 }).limit(50).toArray();
    });
    expect(docs[0]?.occurredAt).toEqual(at(4999));
    expect(oldestFirst).toBeLessThanOrEqual(55);
    const window = await examined(async () => {
      docs = await coll
        .find({ occurredAt: { $gte: at(3000), $lt: at(2970) } })
        .sort({ occurredAt: -1 })
        .toArray();
    });
    // 10 instants of 3 entries for c1 plus about half as many for c2.
    expect(docs.length).toBeGreaterThanOrEqual(40);
    expect(window).toBe(docs.length);
  });
});

describeEmbedded('embedded server: persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function withServer<T>(
    dataDir: string,
    action: (client: MongoClient, server: EmbeddedMongo) => Promise<T>,
  ): Promise<T> {
    const server = await startEmbeddedMongo({ dataDir });
    const client = new MongoClient(server.uri);
    try {
      await client.connect();
      return await action(client, server);
    } finally {
      await client.close();
      await server.close();
    }
  }

  it('keeps data, indexes and deletions across a restart', async () => {
    await withServer(dir, async (client) => {
      const coll = client.db('app').collection('users');
      await coll.createIndex({ email: 1 }, { unique: true });
      await coll.insertMany([
        { email: 'a', n: 1 },
        { email: 'b', n: 2 },
        { email: 'c', n: 3 },
      ]);
      await coll.updateOne({ email: 'a' }, { $inc: { n: 10 } });
      await coll.deleteOne({ email: 'c' });
      const session = client.startSession();
      await session.withTransaction(async () => {
        await coll.insertOne({ email: 'txn', n: 4 }, { session });
      });
      await session.endSession();
    });
    await withServer(dir, async (client) => {
      const coll = client.db('app').collection('users');
      const docs = await coll
        .find({}, { projection: { _id: 0 } })
        .sort({ email: 1 })
        .toArray();
      expect(docs).toEqual([
        { email: 'a', n: 11 },
        { email: 'b', n: 2 },
        { email: 'txn', n: 4 },
      ]);
      expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
      await expect(coll.insertOne({ email: 'b' })).rejects.toMatchObject({ code: 11000 });
      // A second generation: write more, restart again.
      await coll.insertOne({ email: 'd', n: 5 });
    });
    await withServer(dir, async (client) => {
      expect(await client.db('app').collection('users').countDocuments()).toBe(4);
    });
  });

  it('recovers the last committed state when the journal ends in a torn or corrupt record', async () => {
    const crashed = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-crash-'));
    try {
      await withServer(dir, async (client) => {
        const coll = client.db('app').collection('events');
        await coll.insertOne({ seq: 1 });
        await coll.insertOne({ seq: 2 });
        // Copy the files while the server is still running: what a kill -9 would leave behind.
        for (const file of fs.readdirSync(dir))
          fs.copyFileSync(path.join(dir, file), path.join(crashed, file));
      });
      const journal = fs.readdirSync(crashed).find((f) => f.startsWith('journal-'));
      expect(journal).toBeDefined();
      const journalPath = path.join(crashed, journal as string);
      const intact = fs.readFileSync(journalPath);

      // 1. A torn write: the header promises more bytes than made it to disk.
      const torn = Buffer.alloc(12);
      torn.writeUInt32LE(500, 0);
      fs.appendFileSync(journalPath, torn);
      await withServer(crashed, async (client) => {
        const docs = await client
          .db('app')
          .collection('events')
          .find({}, { projection: { _id: 0 } })
          .sort({ seq: 1 })
          .toArray();
        expect(docs).toEqual([{ seq: 1 }, { seq: 2 }]);
      });

      // 2. A complete-length record whose checksum doesn't match (garbled last write).
      fs.rmSync(path.join(crashed, 'snapshot.bin'), { force: true });
      for (const file of fs.readdirSync(crashed)) fs.rmSync(path.join(crashed, file));
      const lastRecordStart = intact.length - (intact.readUInt32LE(findLastFrame(intact)) + 8);
      const corrupt = Buffer.from(intact);
      corrupt[corrupt.length - 1] = (corrupt[corrupt.length - 1] ?? 0) ^ 0xff;
      fs.writeFileSync(journalPath, corrupt);
      await withServer(crashed, async (client) => {
        const docs = await client
          .db('app')
          .collection('events')
          .find({}, { projection: { _id: 0 } })
          .toArray();
        expect(docs).toEqual([{ seq: 1 }]);
      });
      expect(lastRecordStart).toBeGreaterThan(0);
    } finally {
      fs.rmSync(crashed, { recursive: true, force: true });
    }
  });
});

/** Offset of the last frame header in a journal (frames are u32 length | u32 crc | payload). */
function findLastFrame(journal: Buffer): number {
  let offset = 0;
  let last = 0;
  while (offset + 8 <= journal.length) {
    last = offset;
    offset += 8 + journal.readUInt32LE(offset);
  }
  return last;
}
