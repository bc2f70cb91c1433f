/**
 * Live agent assist under load: `--agents` consoles (default 200) and `--customers` web-chat
 * sockets (default 2,000) connected across two app processes sharing MongoDB and Redis. Figures:
 * the time from a handover being raised to the routed agent's console receiving its full panel,
 * and from a cart change (made by a third, worker-like process, as self-care or a job would) to the
 * holding agent's `panel:patch`; both beside a bare `io.to(room).emit` between two socket.io
 * servers on the same Redis adapter, measured the same way in the same run.
 *
 * The parent process hosts the embedded MongoDB, the load clients and the changing "worker"
 * runtime; the two app nodes are child processes (this file, run with BENCH_ASSIST_NODE=1).
 *
 * `npm run bench -- assist [--agents 200] [--customers 2000] [--handovers 400] [--rate 50]`
 *
 * MongoDB is the embedded server in a process of its own, as `npm start` runs it (or
 * `BENCH_ASSIST_MONGODB_URI`). `BENCH_ASSIST_PROFILE_DIR=dir` writes a CPU profile of each process
 * (parent and both nodes) for the measured part only; `BENCH_ASSIST_TRACE=1` prints when every
 * twentieth handover was raised, routed and shown.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { io as connectClient } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/assist/assist-events';
import { createApplicationFeatures } from '../src/features';
import { assistOf } from '../test/integration/assist/assist-harness';
import { TokenService } from '../src/infra/auth/tokens';
import { loadConfig } from '../src/infra/config';
import { startEmbeddedMongoProcess } from '../src/infra/mongo/embedded-process';
import { closeRedis, createRedis } from '../src/infra/redis/connection';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import { startRuntime } from '../src/runtime';
import type { Runtime } from '../src/runtime';
import { catalogSeedIds } from '../src/seed/catalog';
import { seedDemoData } from '../src/seed/demo-data';
import { withDatabase } from '../test/support/mongo';
import type { Row } from './lib';
import { percentile, printTable, spawnBenchNode } from './lib';

type AgentClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const PREFIX = `bench-assist-${process.pid}`;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The application as src/features.ts composes it, with assist until the composition root carries it. */
function composition() {
  const app = createApplicationFeatures();
  const { assist, own } = assistOf(app);
  return { app, assist, own };
}

function configFor(role: 'app' | 'worker') {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL ?? '',
    MONGODB_URI: process.env.MONGODB_URI ?? '',
    REDIS_KEY_PREFIX: PREFIX.replace(
      String(process.pid),
      process.env.BENCH_ASSIST_PARENT ?? String(process.pid),
    ),
    SEED_DEMO_DATA: 'never',
    RUN_WORKERS: role === 'app' ? 'false' : 'false',
    // The load generator stands in for the customers' proxy: each has an address of her own.
    TRUSTED_PROXIES: '127.0.0.1',
  });
}

let profiler: inspector.Session | undefined;

/**
 * `BENCH_ASSIST_PROFILE_DIR`: every process samples its CPU while the figures are measured (the
 * parent tells the nodes `profile-start` / `profile-stop` on their stdin), one file each.
 */
async function profiling(command: string, name: string): Promise<void> {
  const dir = process.env.BENCH_ASSIST_PROFILE_DIR;
  if (!dir) return;
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      profiler!.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  if (command === 'profile-start') {
    profiler = new inspector.Session();
    profiler.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  } else if (command === 'profile-stop' && profiler) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    profiler.disconnect();
    profiler = undefined;
  }
}

/** Child process: one app node. */
async function serveNode(): Promise<void> {
  const { app, own } = composition();
  const runtime = await startRuntime({
    config: configFor('app'),
    role: 'app',
    runWorkers: false,
    configure: async (context) => {
      await app.configure(context);
      await own?.configure(context);
    },
    configureApp: async (context) => {
      // Work-around until src/runtime.ts creates the adapter's subscriber with enableReadyCheck
      // off: a namespace created between its connect and ready puts it in subscriber mode before
      // ioredis' ready check, which then throws (see the report).
      await new Promise((resolve) => setTimeout(resolve, 500));
      await app.configureApp(context);
      own?.configureApp(context);
    },
  });
  process.stdout.write(`${JSON.stringify({ url: runtime.url })}\n`);
  const stop = () => void runtime.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  readline
    .createInterface({ input: process.stdin })
    .on('line', (line) => void profiling(line, `node-${process.pid}`));
  process.stdin.resume();
}

function spawnNode(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return spawnBenchNode(__filename, { ...env, BENCH_ASSIST_NODE: '1' });
}

async function connectAgent(url: string, token: string): Promise<AgentClient> {
  const client: AgentClient = connectClient(`${url}/assist`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('conversations', () => resolve());
    client.once('connect_error', reject);
  });
  return client;
}

async function connectCustomers(
  urls: string[],
  count: number,
): Promise<Array<{ socket: Socket; visitorId: string }>> {
  const result: Array<{ socket: Socket; visitorId: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const index = next++;
        const url = urls[index % urls.length]!;
        const response = await fetch(`${url}/api/chat/visitors`, {
          method: 'POST',
          headers: {
            'x-forwarded-for': `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
          },
        });
        const { visitorToken, visitorId } = (await response.json()) as {
          visitorToken: string;
          visitorId: string;
        };
        const socket = connectClient(`${url}/chat`, {
          auth: { visitorToken },
          transports: ['websocket'],
          forceNew: true,
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        result.push({ socket, visitorId });
      }
    }),
  );
  return result;
}

/** Starts `count` operations at `rate` per second and waits for all. */
async function paced(
  count: number,
  rate: number,
  operation: (index: number) => Promise<void>,
): Promise<void> {
  const pending: Array<Promise<unknown>> = [];
  const failures: unknown[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Caught at once: a failure must not crash the run while later operations are being started.
    pending.push(operation(index).catch((error: unknown) => failures.push(error)));
  }
  await Promise.all(pending);
  if (failures.length > 0) throw failures[0];
}

/** The floor: two bare socket.io servers on the same Redis adapter, one emitting to a room on the other. */
async function bareEmit(
  redisUrl: string,
  clients: number,
  count: number,
  rate: number,
): Promise<number[]> {
  const servers = await Promise.all(
    [0, 1].map(async () => {
      const server = http.createServer();
      const pub = createRedis(redisUrl, 'bare-pub');
      const sub = createRedis(redisUrl, 'bare-sub');
      const io = new Server(server, {
        serveClient: false,
        adapter: createAdapter(pub, sub, { key: `${PREFIX}:bare` }),
      });
      io.on(
        'connection',
        (socket) => void socket.join(`room-${String(socket.handshake.auth.room)}`),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return { io, server, pub, sub, url: `http://127.0.0.1:${port}` };
    }),
  );
  const sockets = await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      const socket = connectClient(servers[1]!.url, {
        auth: { room: index },
        transports: ['websocket'],
        forceNew: true,
      });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      return socket;
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const latencies: number[] = [];
  await paced(count, rate, async (index) => {
    const room = index % clients;
    const received = new Promise<void>((resolve) =>
      sockets[room]!.once('ping-room', () => resolve()),
    );
    const started = performance.now();
    servers[0]!.io.to(`room-${room}`).emit('ping-room', { at: started });
    await received;
    latencies.push(performance.now() - started);
  });
  for (const socket of sockets) socket.close();
  for (const entry of servers) {
    entry.io.close();
    await closeRedis(entry.pub);
    await closeRedis(entry.sub);
  }
  return latencies;
}

export async function run(args: string[]): Promise<void> {
  const agents = option(args, 'agents', 200);
  const customers = option(args, 'customers', 2000);
  const maxConcurrent = 10;
  const handovers = Math.min(option(args, 'handovers', 400), customers, agents * maxConcurrent);
  const rate = option(args, 'rate', 50);

  const redis = await startThrowawayRedis();
  // Its own process, as a real mongod: its work never runs in the load generator's event loop.
  // BENCH_ASSIST_MONGODB_URI: a database started elsewhere (to profile it, say).
  const external = process.env.BENCH_ASSIST_MONGODB_URI;
  const mongo = external
    ? { uri: external, close: () => Promise.resolve() }
    : await startEmbeddedMongoProcess();
  const mongoUri = withDatabase(mongo.uri, `bench_assist_${process.pid}`);
  process.env.REDIS_URL = redis.url;
  process.env.MONGODB_URI = mongoUri;
  process.env.BENCH_ASSIST_PARENT = String(process.pid);
  const children: ChildProcess[] = [];
  let worker: Runtime | undefined;
  try {
    // The third process: seeds, creates agents, raises handovers and changes carts.
    const parts = composition();
    worker = await startRuntime({
      config: configFor('worker'),
      role: 'worker',
      runWorkers: false,
      configure: async (context) => {
        await parts.app.configure(context);
        await parts.own?.configure(context);
        await seedDemoData({
          catalog: parts.app.catalog.services.catalog,
          customerModels: parts.app.customers.services.models,
        });
      },
    });
    const runtime = worker;
    const tokens = new TokenService(runtime.config.JWT_SECRET);
    const agentTokens: string[] = [];
    for (let index = 0; index < agents; index++) {
      const { user } = await parts.app.users.services.users.ensure({
        username: `bench.agent.${index}`,
        displayName: `Bench Agent ${index}`,
        roles: ['agent'],
        password: 'bench-only-password-1234',
        queues: ['sales'],
        maxConcurrent,
      });
      agentTokens.push(await tokens.issue({ kind: 'user', id: user.id, roles: ['agent'] }, 3600));
    }

    const env = {
      REDIS_URL: redis.url,
      MONGODB_URI: mongoUri,
      BENCH_ASSIST_PARENT: String(process.pid),
    };
    const nodes = await Promise.all([spawnNode(env), spawnNode(env)]);
    children.push(...nodes.map((node) => node.child));
    const urls = nodes.map((node) => node.url);
    console.log(`two app nodes up; connecting ${agents} agents and ${customers} customers`);

    const consoles: AgentClient[] = [];
    for (let index = 0; index < agents; index++)
      consoles.push(await connectAgent(urls[index % 2]!, agentTokens[index]!));
    const chats = await connectCustomers(urls, customers);
    console.log('connected; raising handovers');
    const profileAll = async (command: string) => {
      for (const child of children) child.stdin?.write(`${command}\n`);
      await profiling(command, 'parent');
    };
    await profileAll('profile-start');

    // Handover raised → the routed agent's console has the full panel.
    const offered = new Map<string, (at: number) => void>();
    const holder = new Map<string, AgentClient>();
    for (const client of consoles) {
      client.on('conversation', (panel) => {
        holder.set(panel.handover.partyKey, client);
        offered.get(panel.handover.id)?.(performance.now());
      });
    }
    const handoverLatencies: number[] = [];
    const trace = new Map<string, string[]>();
    const t0 = performance.now();
    if (process.env.BENCH_ASSIST_TRACE)
      runtime.events.subscribe('handover.changed', (event) => {
        const list = trace.get(event.payload.handoverId) ?? [];
        list.push(`${event.payload.status}@${(performance.now() - t0).toFixed(0)}`);
        trace.set(event.payload.handoverId, list);
      });
    await paced(handovers, rate, async (index) => {
      const visitorId = chats[index]!.visitorId;
      const handoverId = `hov_bench_${index}`;
      const arrived = new Promise<number>((resolve) => offered.set(handoverId, resolve));
      const started = performance.now();
      await runtime.events.publish('handover.requested', {
        handoverId,
        visitorId,
        channel: 'webchat',
        reason: 'customer-asked',
        summary: 'Bench visitor asked for a person.',
      });
      const at = await arrived;
      handoverLatencies.push(at - started);
      if (process.env.BENCH_ASSIST_TRACE && index % 20 === 0)
        console.log(
          handoverId,
          `started@${(started - t0).toFixed(0)}`,
          ...(trace.get(handoverId) ?? []),
          `panel@${(at - t0).toFixed(0)}`,
        );
      offered.delete(handoverId);
    });

    console.log(`handovers done; changing carts`);
    // Cart change (another process) → the holding agent's panel patch.
    const carts = parts.app.commerce.services.carts;
    const cartLatencies: number[] = [];
    const cartIds = await Promise.all(
      chats
        .slice(0, handovers)
        .map(async ({ visitorId }) => (await carts.cartFor({ visitorId }, 'webchat')).cart._id),
    );
    // Every cart patch each console receives: party → [version, when].
    const patched = new Map<string, { version: number; at: number }>();
    const waiters = new Map<string, () => void>();
    for (const client of consoles) {
      client.on('panel:patch', (patch) => {
        if (patch.section !== 'cart') return;
        patched.set(patch.partyKey, { version: patch.cart.version, at: performance.now() });
        waiters.get(patch.partyKey)?.();
      });
    }
    await paced(handovers, rate, async (index) => {
      const { visitorId } = chats[index]!;
      const key = `visitor:${visitorId}`;
      if (!holder.has(key)) return;
      const started = performance.now();
      const view = await carts.addItem(
        cartIds[index]!,
        { offeringId: catalogSeedIds.essential5 },
        { channel: 'selfcare' },
      );
      const version = view.cart.version;
      const arrived = () => {
        const seen = patched.get(key);
        return seen && seen.version >= version ? seen.at : undefined;
      };
      const at =
        arrived() ??
        (await new Promise<number>((resolve) => {
          waiters.set(key, () => {
            const when = arrived();
            if (when !== undefined) resolve(when);
          });
        }));
      waiters.delete(key);
      cartLatencies.push(at - started);
    });

    await profileAll('profile-stop');
    const bare = await bareEmit(redis.url, agents, handovers, rate);
    const rows: Row[] = [
      {
        figure: 'handover → agent panel, p50',
        value: percentile(handoverLatencies, 50),
        unit: 'ms',
        baselineName: 'bare io.to(room).emit p50',
        baseline: percentile(bare, 50),
      },
      {
        figure: 'handover → agent panel, p99',
        value: percentile(handoverLatencies, 99),
        unit: 'ms',
        baselineName: 'bare io.to(room).emit p99',
        baseline: percentile(bare, 99),
        target: '≤ 200 ms',
      },
      {
        figure: 'cart change → panel patch, p50',
        value: percentile(cartLatencies, 50),
        unit: 'ms',
        baselineName: 'bare io.to(room).emit p50',
        baseline: percentile(bare, 50),
      },
      {
        figure: 'cart change → panel patch, p99',
        value: percentile(cartLatencies, 99),
        unit: 'ms',
        baselineName: 'bare io.to(room).emit p99',
        baseline: percentile(bare, 99),
        target: '≤ 100 ms',
      },
    ];
    printTable(
      `assist: ${agents} agents, ${customers} customer sockets, 2 app processes; ${handovers} handovers and ${cartLatencies.length} cart changes at ${rate}/s`,
      rows,
    );
    for (const client of consoles) client.close();
    for (const { socket } of chats) socket.close();
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
          ),
      ),
    );
    await worker?.close();
    await mongo.close();
    await redis.stop();
  }
}

if (process.env.BENCH_ASSIST_NODE === '1') {
  serveNode().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
