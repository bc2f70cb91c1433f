/**
 * Embedded MongoDB through mongoose vs a plain in-memory Map, in the same run.
 *
 * Two baselines: the Map called directly (the floor for any in-process store), and the Map behind
 * one loopback request/response (the floor for anything reached over a socket, which is what
 * "dominated by one round trip" means). findOne-by-unique is also measured at 1,000 and 100,000
 * documents (separate collections, alternating rounds, medians) to show lookups go through the
 * hash index rather than a scan.
 *
 * `npm run bench -- mongo [durationMs]`; set MONGODB_URI to measure a real server instead.
 */
import net from 'node:net';
import mongoose, { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { startEmbeddedMongo } from '../src/infra/mongo/embedded';
import type { Row } from './lib';
import { measureThroughput, printTable } from './lib';

interface Account {
  email: string;
  name: string;
  balance: number;
}

const SMALL = 1_000;
const LARGE = 100_000;
/** Alternating measurement rounds for the 1,000-vs-100,000 comparison. */
const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function account(i: number): Account {
  return { email: `user${i}@example.com`, name: `User ${i}`, balance: i };
}

/** A Map store answering newline-delimited JSON lookups over loopback: one round trip per op. */
async function loopbackMap(
  store: Map<string, Account>,
): Promise<{ lookup(key: string): Promise<unknown>; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const key = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        socket.write(JSON.stringify(store.get(key) ?? null) + '\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = net.connect(port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const waiting: Array<(value: unknown) => void> = [];
  let buffered = '';
  client.on('data', (chunk) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      waiting.shift()?.(JSON.parse(line));
    }
  });
  return {
    lookup: (key) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        client.write(key + '\n');
      }),
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function load(model: Model<Account>, from: number, to: number): Promise<void> {
  const chunk = 10_000;
  for (let start = from; start < to; start += chunk) {
    const docs = Array.from({ length: Math.min(chunk, to - start) }, (_, k) => account(start + k));
    await model.insertMany(docs, { lean: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const duration = Number(args[0] ?? 2000);
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedMongo();
  const uri = process.env.MONGODB_URI ?? embedded?.uri ?? '';
  const connection = await mongoose
    .createConnection(uri, { dbName: `bench_${process.pid}` })
    .asPromise();
  const schema = new Schema<Account>({
    email: { type: String, unique: true, required: true },
    name: String,
    balance: Number,
  });
  const Accounts = connection.model<Account>('Account', schema);
  await Accounts.syncIndexes();
  const map = new Map<string, Account>();
  const remoteMap = await loopbackMap(map);

  try {
    // Warm the driver, mongoose and server code paths so the first measurement isn't paying JIT.
    const warmUntil = performance.now() + 1500;
    for (let i = 0; performance.now() < warmUntil; i++) {
      await Accounts.create(account(20_000_000 + i));
      await Accounts.findOne({ email: account(20_000_000 + i).email }).lean();
      await Accounts.findOneAndUpdate(
        { email: account(20_000_000 + i).email },
        { $inc: { balance: 1 } },
      ).lean();
      await remoteMap.lookup('warm');
    }
    await Accounts.deleteMany({});

    // create: writes of fresh documents.
    let createId = 10_000_000;
    const createMongo = await measureThroughput(
      () => Accounts.create(account(createId++)),
      duration,
    );
    let mapId = 10_000_000;
    const createMap = await measureThroughput(async () => {
      const doc = account(mapId++);
      map.set(doc.email, structuredClone(doc));
    }, duration);
    await Accounts.deleteMany({});
    map.clear();

    await load(Accounts, 0, SMALL);
    for (let i = 0; i < SMALL; i++) map.set(account(i).email, account(i));

    const findSmall = await measureThroughput(
      (i) => Accounts.findOne({ email: `user${i % SMALL}@example.com` }).lean(),
      duration,
    );
    const findMap = await measureThroughput(
      async (i) => structuredClone(map.get(`user${i % SMALL}@example.com`)),
      duration,
    );
    const findLoopback = await measureThroughput(
      (i) => remoteMap.lookup(`user${i % SMALL}@example.com`),
      duration,
    );

    const updateMongo = await measureThroughput(
      (i) =>
        Accounts.findOneAndUpdate(
          { email: `user${i % SMALL}@example.com` },
          { $inc: { balance: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      duration,
    );
    const updateMap = await measureThroughput(async (i) => {
      const key = `user${i % SMALL}@example.com`;
      const current = map.get(key);
      if (!current) return undefined;
      const next = { ...current, balance: current.balance + 1 };
      map.set(key, next);
      return structuredClone(next);
    }, duration);

    // 1,000 vs 100,000 documents: two collections measured in alternating rounds (medians), so
    // neither side gets the JIT warm-up or the quieter moment the other paid for.
    const LargeAccounts = connection.model<Account>('AccountLarge', schema, 'accounts_large');
    await LargeAccounts.syncIndexes();
    await load(LargeAccounts, 0, LARGE);
    const findIn = (model: Model<Account>, size: number) => (i: number) =>
      model.findOne({ email: `user${(i * 7919) % size}@example.com` }).lean();
    await measureThroughput(findIn(Accounts, SMALL), 500);
    await measureThroughput(findIn(LargeAccounts, LARGE), 500);
    const smallRounds: number[] = [];
    const largeRounds: number[] = [];
    const roundDuration = Math.max(250, Math.round(duration / 2));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const side of order) {
        const result =
          side === 'small'
            ? await measureThroughput(findIn(Accounts, SMALL), roundDuration)
            : await measureThroughput(findIn(LargeAccounts, LARGE), roundDuration);
        (side === 'small' ? smallRounds : largeRounds).push(result.perSecond);
      }
    }
    const findSmallMedian = median(smallRounds);
    const findLargeMedian = median(largeRounds);

    const rows: Row[] = [
      {
        figure: 'create (mongoose)',
        value: createMongo.perSecond,
        unit: 'ops/s',
        baselineName: 'Map.set',
        baseline: createMap.perSecond,
      },
      {
        figure: 'findOne by unique field (mongoose, lean)',
        value: findSmall.perSecond,
        unit: 'ops/s',
        baselineName: 'Map.get',
        baseline: findMap.perSecond,
        target: '<= 25x',
      },
      {
        figure: 'findOne by unique field (mongoose, lean)',
        value: findSmall.perSecond,
        unit: 'ops/s',
        baselineName: 'Map over loopback',
        baseline: findLoopback.perSecond,
        target: '<= 25x',
      },
      {
        figure: 'findOneAndUpdate $inc (mongoose)',
        value: updateMongo.perSecond,
        unit: 'ops/s',
        baselineName: 'Map get+set',
        baseline: updateMap.perSecond,
      },
      {
        figure: `findOne at ${LARGE.toLocaleString('en-US')} docs`,
        value: findLargeMedian,
        unit: 'ops/s',
        baselineName: `at ${SMALL.toLocaleString('en-US')} docs`,
        baseline: findSmallMedian,
        target: '<= 1.5x',
      },
    ];
    printTable(
      `MongoDB (${embedded ? 'embedded' : 'MONGODB_URI'}) via mongoose vs in-memory Map`,
      rows,
    );
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await remoteMap.close();
    await embedded?.close();
  }
}
