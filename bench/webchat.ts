/**
 * Web chat under load: `--sockets` visitors (default 2,000), each sending one message every
 * `--interval-ms` (default 10,000: 200 turns/s in all) at its own phase for `--seconds` (default 30), through the real `/chat` namespace (handshake,
 * zod, MongoDB writes, the Redis adapter, the bot turn) against a bare socket.io echo server on
 * the same machine, measured the same way in the same run. Figures: acknowledgement p99 and bot
 * reply p99 (time from emit to the first bot message), each beside the bare server's.
 *
 * The clients run in a worker thread, so load generation does not share the server's event loop.
 * The app node runs the full application (createApplicationFeatures) with its bot; web chat is
 * wired here until the composition root carries it. `--stand-in-engine` answers instead with a
 * stand-in that costs nothing (a text and a choices block, as the bot answers), to measure the
 * connector alone. Info logs go to /dev/null.
 *
 * When bench/landing-page-load.ts exists, the landing page figures are measured on the same node.
 *
 * Saturation: bot turns served per second per busy core of the app node, beside the same turn's
 * bare database work (the commands one turn sent, recorded with the driver's command monitoring
 * and replayed directly with the driver, 32 at a time, in the same run).
 *
 * `--stress` then runs the same sockets at one message per second each (the overload figure):
 * what the node cannot serve it refuses at once with a BUSY acknowledgement (which the widget
 * sends again); what it acknowledges it answers. Lost = acknowledged but never answered.
 *
 * `npm run bench -- webchat [--sockets 2000] [--seconds 30] [--interval-ms 10000] [--stress]
 *   [--stand-in-engine] [--timeline] [--show-commands]`
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import type { ConversationEngine, InboundTurn, TurnResult } from '../src/bot/conversation';
import type { Reply } from '../src/bot/rendering/reply';
import type { ChatMessageView } from '../src/connectors/webchat/chat-events';
import { createApplicationFeatures } from '../src/features';
import { createWebchatFeature } from '../src/features/webchat';
import type { WebchatFeature } from '../src/features/webchat';
import { loadConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { startEmbeddedMongoProcess } from '../src/infra/mongo/embedded-process';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import type { PartyRef } from '../src/domain/shared/party';
import { startRuntime } from '../src/runtime';
import { seedDemoData } from '../src/seed/demo-data';
import type { Runtime } from '../src/runtime';
import type { Row } from './lib';
import { percentile, printTable } from './lib';

interface Options {
  /** Print the commands one recorded turn sends (`--show-commands`). */
  showCommands: boolean;
  sockets: number;
  seconds: number;
  /** Prints the acknowledgement p50/p99 of every second, to tell steady cost from stalls. */
  timeline: boolean;
  /** Answers with a stand-in that costs nothing, to measure the connector alone. */
  standInEngine: boolean;
  /** Each socket sends one message every this many milliseconds, at its own phase. */
  intervalMs: number;
  /** After the steady run, the overload run at one message per second per socket. */
  stress: boolean;
}

interface LoadResult {
  ack: number[];
  /** When each acknowledged message was sent (performance.now() of the worker), for --timeline. */
  ackAt: number[];
  reply: number[];
  sent: number;
  refused: number;
  /** Refused at once as BUSY (nothing stored), and how long those refusals took. */
  busy: number;
  busyAck: number[];
  timeouts: number;
  connectErrors: number;
  /** Acknowledged, and never answered by the end of the drain. */
  lost: number;
  /** Answers to a message that was already answered. */
  duplicated: number;
}

function parseOptions(args: string[]): Options {
  const value = (name: string, fallback: number): number => {
    const index = args.indexOf(`--${name}`);
    const parsed = index >= 0 ? Number(args[index + 1]) : fallback;
    if (!Number.isFinite(parsed) || parsed <= 0)
      throw new Error(`--${name} must be a positive number`);
    return parsed;
  };
  return {
    sockets: Math.round(value('sockets', 2000)),
    seconds: value('seconds', 30),
    timeline: args.includes('--timeline'),
    standInEngine: args.includes('--stand-in-engine'),
    intervalMs: Math.round(value('interval-ms', 10_000)),
    stress: args.includes('--stress'),
    showCommands: args.includes('--show-commands'),
  };
}

const standInChoices: Reply = {
  blocks: [
    {
      kind: 'choices',
      prompt: 'Which data size would you like?',
      options: [
        { id: '5GB', label: '5 GB', price: { recurring: { amount: 500, currency: 'GBP' } } },
        { id: '10GB', label: '10 GB', price: { recurring: { amount: 800, currency: 'GBP' } } },
        { id: '20GB', label: '20 GB', price: { recurring: { amount: 1200, currency: 'GBP' } } },
      ],
    },
  ],
};

/** Answers like the bot (a sentence and a choices block) without its cost, when no bot is wired. */
const standInEngine: ConversationEngine = {
  async handleTurn(turn: InboundTurn): Promise<TurnResult> {
    return {
      replies: [
        { blocks: [{ kind: 'text', text: 'The Data Boost add-on comes in three sizes.' }] },
        standInChoices,
      ],
      party: turn.party,
    };
  },
  async greet(_channel, party: PartyRef): Promise<TurnResult> {
    return { replies: [{ blocks: [{ kind: 'text', text: 'Hello! How can I help?' }] }], party };
  },
};

async function startAppNode(
  redisUrl: string,
  mongoUri: string,
  useStandIn: boolean,
): Promise<{ runtime: Runtime; engine: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    REDIS_URL: redisUrl,
    MONGODB_URI: mongoUri,
    REDIS_KEY_PREFIX: `bench-webchat-${process.pid}`,
    // The load generator stands in for the visitors' proxy: each visitor has an address of her own.
    TRUSTED_PROXIES: '127.0.0.1',
  });
  const logger = createLogger(
    'info',
    'bench',
    pino.destination({ dest: '/dev/null', sync: false, minLength: 8 * 1024 }),
  );
  const features = createApplicationFeatures() as ReturnType<typeof createApplicationFeatures> & {
    webchat?: WebchatFeature;
  };
  // Until the composition root carries web chat, it is added here beside the real features,
  // answering with the application's bot (or the stand-in with --stand-in-engine).
  const webchat = features.webchat
    ? undefined
    : createWebchatFeature({
        engine: () => (useStandIn ? standInEngine : features.bot.engine()),
        identities: () => features.customers.services.identities,
      });
  // With the composition root carrying web chat, the stand-in takes the bot's place (this bench
  // feeds only web chat, so nothing else notices).
  if (useStandIn && features.webchat) {
    (features.bot as unknown as { engine: () => ConversationEngine }).engine = () => standInEngine;
  }
  const runtime = await startRuntime({
    config,
    role: 'app',
    logger,
    runWorkers: false,
    configure: async (context) => {
      await features.configure(context);
      await webchat?.configure(context);
      await seedDemoData({
        catalog: features.catalog.services.catalog,
        customerModels: features.customers.services.models,
      });
    },
    configureApp: async (context) => {
      await features.configureApp(context);
      webchat?.configureApp(context);
    },
  });
  return { runtime, engine: useStandIn ? 'stand-in engine' : 'the application bot' };
}

/** socket.io with nothing behind it: ack at once, then one reply message, as the floor. */
async function startBareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  let counter = 0;
  io.of('/chat').on('connection', (socket) => {
    socket.on('message:send', (payload: { clientId: string; text?: string }, ack) => {
      counter += 1;
      const id = `bare-${counter}`;
      if (typeof ack === 'function') ack({ ok: true, messageId: id });
      const reply: ChatMessageView = {
        id: `${id}-reply`,
        direction: 'out',
        author: 'bot',
        inReplyTo: id,
        rendering: { messages: [{ text: `You said: ${payload.text ?? ''}` }] },
        at: new Date().toISOString(),
      };
      socket.emit('message', reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      io.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A private address of her own per visitor (10.x.y.z), as a real crowd has. */
function benchVisitorAddress(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

async function createVisitors(baseUrl: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next += 1;
        const response = await fetch(`${baseUrl}/api/chat/visitors`, {
          method: 'POST',
          headers: { 'x-forwarded-for': benchVisitorAddress(next) },
        });
        const body = (await response.json()) as { visitorToken: string };
        tokens.push(body.visitorToken);
      }
    }),
  );
  return tokens;
}

/**
 * The load generator, as plain JavaScript for a worker thread (no TypeScript loader needed there).
 * It connects every socket, waits for `start`, sends one message per socket per second at a random
 * phase, records latencies after the warm-up, and posts them back.
 */
const loadGenerator = `
const { parentPort, workerData } = require('node:worker_threads');
const { io } = require(workerData.clientModule);
const { url, tokens, count, seconds, warmupSeconds, intervalMs } = workerData;
const sockets = [];
const result = { ack: [], reply: [], ackAt: [], sent: 0, refused: 0, busy: 0, busyAck: [], timeouts: 0, connectErrors: 0, lost: 0, duplicated: 0 };
let recording = false;
let sequence = 0;

function connectOne(index) {
  return new Promise((resolve) => {
    const auth = tokens ? { visitorToken: tokens[index] } : {};
    const socket = io(url + '/chat', { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    // Acknowledged message id -> when it was sent; the first bot message answering it is the reply.
    const state = { socket, sentAt: new Map(), answered: new Set() };
    socket.on('message', (message) => {
      if (message.direction !== 'out' || message.author !== 'bot' || !message.inReplyTo) return;
      if (state.answered.has(message.inReplyTo)) { result.duplicated += 1; return; }
      const sentAt = state.sentAt.get(message.inReplyTo);
      if (sentAt === undefined) return;
      state.sentAt.delete(message.inReplyTo);
      state.answered.add(message.inReplyTo);
      result.reply.push(performance.now() - sentAt);
    });
    socket.once('connect', () => resolve(state));
    socket.once('connect_error', () => { result.connectErrors += 1; resolve(undefined); });
  });
}

function sendOne(state) {
  const started = performance.now();
  const counted = recording;
  sequence += 1;
  if (counted) result.sent += 1;
  const payload = { clientId: 'bench-' + sequence.toString(36).padStart(8, '0'), text: 'How much is the 10 GB Data Boost?' };
  state.socket.timeout(10000).emit('message:send', payload, (error, ack) => {
    if (!counted) return;
    if (error) { result.timeouts += 1; return; }
    if (!ack.ok && ack.error.code === 'BUSY') { result.busy += 1; result.busyAck.push(performance.now() - started); return; }
    if (!ack.ok) { result.refused += 1; return; }
    result.ack.push(performance.now() - started);
    result.ackAt.push(started);
    // The server acknowledges before it answers, and one socket's packets arrive in order.
    state.sentAt.set(ack.messageId, started);
  });
}

async function main() {
  for (let index = 0; index < count; index += 50) {
    const batch = [];
    for (let offset = index; offset < Math.min(count, index + 50); offset += 1) batch.push(connectOne(offset));
    for (const state of await Promise.all(batch)) if (state) sockets.push(state);
  }
  // Let greetings and histories settle before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  parentPort.postMessage({ type: 'connected', sockets: sockets.length });
  await new Promise((resolve) => parentPort.once('message', resolve));
  const timers = sockets.map((state) => {
    const phase = Math.random() * intervalMs;
    return setTimeout(() => { sendOne(state); state.interval = setInterval(() => sendOne(state), intervalMs); }, phase);
  });
  setTimeout(() => { recording = true; }, warmupSeconds * 1000);
  await new Promise((resolve) => setTimeout(resolve, (warmupSeconds + seconds) * 1000));
  recording = false;
  timers.forEach(clearTimeout);
  sockets.forEach((state) => clearInterval(state.interval));
  // Answers to the last messages still count: an acknowledged message is answered, however late.
  const drainUntil = performance.now() + 60000;
  while (performance.now() < drainUntil && sockets.some((state) => state.sentAt.size > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const state of sockets) result.lost += state.sentAt.size;
  sockets.forEach((state) => state.socket.close());
  parentPort.postMessage({ type: 'result', result });
}
main().catch((error) => parentPort.postMessage({ type: 'error', message: String(error && error.stack || error) }));
`;

function runLoad(
  url: string,
  tokens: string[] | undefined,
  options: Options,
  warmupSeconds: number,
): Promise<LoadResult & { connected: number; busyMs: number; utilisation: number }> {
  const clientModule = require.resolve('socket.io-client');
  const worker = new Worker(loadGenerator, {
    eval: true,
    workerData: {
      url,
      tokens: tokens ?? null,
      count: options.sockets,
      seconds: options.seconds,
      warmupSeconds,
      clientModule,
      intervalMs: options.intervalMs,
    },
  });
  let connected = 0;
  let loadStart = performance.eventLoopUtilization();
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { type: string; sockets?: number; result?: LoadResult }) => {
      if (message.type === 'connected') {
        connected = message.sockets ?? 0;
        loadStart = performance.eventLoopUtilization();
        worker.postMessage('start');
      } else if (message.type === 'result' && message.result) {
        // How busy the server's event loop was under load (warm-up and drain included).
        const used = performance.eventLoopUtilization(loadStart);
        resolve({
          ...message.result,
          connected,
          busyMs: used.active,
          utilisation: used.utilization,
        });
        void worker.terminate();
      } else if (message.type === 'error') {
        reject(new Error(JSON.stringify(message)));
        void worker.terminate();
      }
    });
    worker.on('error', reject);
  });
}

function printTimeline(result: LoadResult): void {
  const start = Math.min(...result.ackAt);
  const seconds = new Map<number, number[]>();
  result.ackAt.forEach((at, index) => {
    const second = Math.floor((at - start) / 1000);
    seconds.set(second, [...(seconds.get(second) ?? []), result.ack[index]!]);
  });
  console.log('\nweb chat acknowledgements per second: p50 / p99 / max (ms)');
  for (const [second, latencies] of [...seconds].sort((a, b) => a[0] - b[0])) {
    console.log(
      `  ${String(second).padStart(3)} s  ${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} / ${Math.max(...latencies).toFixed(1)}  (${latencies.length})`,
    );
  }
}

/** Waits until an overloaded node has worked off its backlog, so closing it strands no turn. */
async function drained(runtime: Runtime): Promise<void> {
  const messages = runtime.mongo.connection.collection('chat_messages');
  let last = -1;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const count = await messages.estimatedDocumentCount();
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

interface LandingPageFigures {
  p99Ms: number;
  p50Ms?: number;
  rps?: number;
  errors?: number;
  bytes?: number;
  gzipBytes?: number;
}

async function measureLandingIfAvailable(baseUrl: string, seconds: number): Promise<void> {
  const file = path.join(__dirname, 'landing-page-load.ts');
  if (!existsSync(file)) {
    console.log('\nlanding page: bench/landing-page-load.ts is not there yet; not measured');
    return;
  }
  const landing = (await import(file)) as {
    measureLandingPage?: (
      url: string,
      options?: { rps: number; seconds: number },
    ) => Promise<LandingPageFigures>;
  };
  if (!landing.measureLandingPage) return;
  let figures: LandingPageFigures;
  try {
    figures = await landing.measureLandingPage(baseUrl, { rps: 200, seconds });
  } catch (error) {
    // The composition root may not serve the pages yet.
    console.log(`\nlanding page: not measured (${(error as Error).message})`);
    return;
  }
  console.log(
    `\nlanding page at 200 req/s for ${seconds} s: p99 ${figures.p99Ms.toFixed(1)} ms` +
      (figures.p50Ms !== undefined ? `, p50 ${figures.p50Ms.toFixed(1)} ms` : '') +
      (figures.errors !== undefined ? `, ${figures.errors} errors` : '') +
      (figures.gzipBytes !== undefined ? `, ${figures.gzipBytes} bytes gzipped` : '') +
      '  (target p99 < 50 ms; `npm run bench -- landing-page-load` prints its baseline)',
  );
}

/** The commands one web-chat turn sends to MongoDB, recorded with the driver's command monitoring. */
async function recordTurnCommands(
  runtime: Runtime,
  token: string,
): Promise<Array<{ db: string; command: Record<string, unknown> }>> {
  const socket = io(`${runtime.url!}/chat`, {
    auth: { visitorToken: token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const replies = new Map<string, () => void>();
  let greeted: () => void = () => undefined;
  const greeting = new Promise<void>((resolve) => (greeted = resolve));
  socket.on('message', (message: ChatMessageView) => {
    if (message.author !== 'bot') return;
    if (!message.inReplyTo) greeted();
    else replies.get(message.inReplyTo)?.();
  });
  await greeting;
  const turn = async () => {
    const ack = (await socket.timeout(10_000).emitWithAck('message:send', {
      clientId: `probe-${Math.random().toString(36).slice(2)}`,
      text: 'How much is the 10 GB Data Boost?',
    })) as { ok: boolean; messageId: string };
    await new Promise<void>((resolve) => replies.set(ack.messageId, resolve));
  };
  await turn();
  const recorded: Array<{ db: string; command: Record<string, unknown> }> = [];
  const client = runtime.mongo.connection.getClient();
  const listener = (event: { databaseName: string; command: Record<string, unknown> }) =>
    recorded.push({ db: event.databaseName, command: structuredClone(event.command) });
  client.on('commandStarted', listener);
  await turn();
  // The turn's last writes may land just after its reply is out.
  await new Promise((resolve) => setTimeout(resolve, 200));
  client.off('commandStarted', listener);
  socket.close();
  const skipped = new Set(['hello', 'isMaster', 'ping', 'endSessions', 'getMore', 'killCursors']);
  return recorded.filter(({ command }) => !skipped.has(Object.keys(command)[0] ?? ''));
}

/**
 * The same commands issued directly with the driver: what the turn's data costs with nothing of
 * the application around it. Inserts get fresh ids (and lose unique keys) so they write again;
 * session and transaction fields are dropped.
 */
async function bareDatabaseTurns(
  runtime: Runtime,
  commands: Array<{ db: string; command: Record<string, unknown> }>,
  seconds: number,
): Promise<{ perSecond: number; commandsPerTurn: number }> {
  const client = runtime.mongo.connection.getClient();
  const session = new Set([
    'lsid',
    'txnNumber',
    'startTransaction',
    'autocommit',
    '$clusterTime',
    '$db',
    'readConcern',
  ]);
  const replayable = commands.filter(
    ({ command }) => !['commitTransaction', 'abortTransaction'].includes(Object.keys(command)[0]!),
  );
  let counter = 0;
  const prepare = (command: Record<string, unknown>) => {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(command)) if (!session.has(key)) copy[key] = value;
    if (Array.isArray(copy.documents)) {
      copy.documents = (copy.documents as Array<Record<string, unknown>>).map((document) => {
        counter += 1;
        const { dedupeKey: _dedupe, ...rest } = document;
        return { ...rest, _id: `bare-${process.pid}-${counter}` };
      });
    }
    return copy;
  };
  const oneTurn = async () => {
    for (const { db, command } of replayable) {
      await client.db(db).command(prepare(command));
    }
  };
  await oneTurn();
  let turns = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < until) {
        await oneTurn();
        turns += 1;
      }
    }),
  );
  return {
    perSecond: turns / ((performance.now() - started) / 1000),
    commandsPerTurn: replayable.length,
  };
}

function describeRun(
  name: string,
  result: LoadResult & { connected: number; utilisation: number },
) {
  return `${name}: server event loop ${(result.utilisation * 100).toFixed(0)}% busy; ${result.connected} sockets connected (${result.connectErrors} refused), ${result.sent} messages, ${result.ack.length} acked, ${result.busy} refused as busy, ${result.refused} refused otherwise, ${result.timeouts} timeouts, ${result.reply.length} answered, ${result.lost} lost, ${result.duplicated} duplicated`;
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const warmupSeconds = Math.min(10, Math.max(3, options.seconds / 3));
  const redis = await startThrowawayRedis();
  // The embedded MongoDB in its own process, as `npm start` runs it; the URI turns on the driver's
  // command monitoring, used once to record a turn's commands.
  const mongo = await startEmbeddedMongoProcess();
  // However the run ends, the throwaway servers must not outlive it.
  const stopServers = () => {
    void redis.stop();
    void mongo.close();
  };
  process.once('exit', stopServers);
  // Turns still in flight when an overloaded node closes publish into closed Redis connections:
  // that is the shutdown, not a result.
  const ignoreClosedConnection = (error: unknown) => {
    if (!(error instanceof Error && error.message === 'Connection is closed.')) throw error;
  };
  process.on('unhandledRejection', ignoreClosedConnection);
  const mongoUri = new URL(mongo.uri);
  mongoUri.pathname = '/bench';
  mongoUri.searchParams.set('monitorCommands', 'true');
  const { runtime, engine } = await startAppNode(
    redis.url,
    mongoUri.toString(),
    options.standInEngine,
  );
  const bare = await startBareServer();
  try {
    const perSocket =
      options.intervalMs === 1000 ? '1 message/s' : `1 message / ${options.intervalMs / 1000} s`;
    const rate = (options.sockets * 1000) / options.intervalMs;
    console.log(
      `webchat bench: ${options.sockets} sockets × ${perSocket} (${rate.toFixed(0)} turns/s) for ${options.seconds} s (after ${warmupSeconds.toFixed(0)} s warm-up), ${engine}`,
    );
    const tokens = await createVisitors(runtime.url!, options.sockets + 1);
    const probeToken = tokens.pop()!;
    const turnCommands = await recordTurnCommands(runtime, probeToken);
    if (options.showCommands) {
      // --show-commands: what one visitor's turn sends, command and collection, in order.
      for (const { command } of turnCommands) {
        const name = Object.keys(command)[0] ?? '?';
        console.log(`  turn command: ${name} ${String(command[name])}`);
      }
    }
    const bareDb = await bareDatabaseTurns(runtime, turnCommands, 5);

    const bareResult = await runLoad(bare.url, undefined, options, warmupSeconds);
    const appResult = await runLoad(runtime.url!, tokens, options, warmupSeconds);
    await drained(runtime);

    const rows: Row[] = [
      {
        figure: 'acknowledgement p50',
        value: percentile(appResult.ack, 50),
        unit: 'ms',
        baselineName: 'bare socket.io',
        baseline: percentile(bareResult.ack, 50),
      },
      {
        figure: 'acknowledgement p99',
        value: percentile(appResult.ack, 99),
        unit: 'ms',
        baselineName: 'bare socket.io',
        baseline: percentile(bareResult.ack, 99),
        target: '≤ 100 ms',
      },
      {
        figure: 'bot reply p50',
        value: percentile(appResult.reply, 50),
        unit: 'ms',
        baselineName: 'bare socket.io',
        baseline: percentile(bareResult.reply, 50),
      },
      {
        figure: 'bot reply p99',
        value: percentile(appResult.reply, 99),
        unit: 'ms',
        baselineName: 'bare socket.io',
        baseline: percentile(bareResult.reply, 99),
        target: '≤ 250 ms',
      },
    ];
    if (appResult.busyAck.length > 0) {
      rows.push({
        figure: 'busy refusal p99',
        value: percentile(appResult.busyAck, 99),
        unit: 'ms',
        baselineName: 'bare socket.io ack',
        baseline: percentile(bareResult.ack, 99),
      });
    }
    printTable(`Web chat, ${options.sockets} sockets × ${perSocket}`, rows);
    console.log(describeRun('web chat', appResult));
    console.log(describeRun('bare socket.io', bareResult));

    // Saturation: turns served per busy core-second of the app node's event loop.
    const busySeconds = appResult.busyMs / 1000;
    const turnsPerCore = busySeconds > 0 ? appResult.reply.length / busySeconds : Number.NaN;
    printTable('Saturation', [
      {
        figure: 'bot turns per second per busy core',
        value: turnsPerCore,
        unit: 'turns/s',
        baselineName: 'bare database work',
        baseline: bareDb.perSecond,
        target: 'ratio ≤ 2x',
      },
    ]);
    console.log(
      `(a turn sent ${bareDb.commandsPerTurn} commands to MongoDB; replayed directly with the driver, 32 at a time, they run ${bareDb.perSecond.toFixed(0)} turns/s on this machine)`,
    );
    if (options.timeline) printTimeline(appResult);

    if (options.stress) {
      const stress = { ...options, intervalMs: 1000 };
      const bareStress = await runLoad(bare.url, undefined, stress, warmupSeconds);
      const appStress = await runLoad(runtime.url!, tokens, stress, warmupSeconds);
      await drained(runtime);
      const stressRows: Row[] = [
        {
          figure: 'acknowledgement p99 (stored)',
          value: percentile(appStress.ack, 99),
          unit: 'ms',
          baselineName: 'bare socket.io',
          baseline: percentile(bareStress.ack, 99),
        },
        {
          figure: 'busy refusal p99',
          value: percentile(appStress.busyAck, 99),
          unit: 'ms',
          baselineName: 'bare socket.io',
          baseline: percentile(bareStress.ack, 99),
        },
        {
          figure: 'bot reply p99 (of those stored)',
          value: percentile(appStress.reply, 99),
          unit: 'ms',
          baselineName: 'bare socket.io',
          baseline: percentile(bareStress.reply, 99),
        },
      ];
      printTable(`Stress: ${options.sockets} sockets × 1 message/s`, stressRows);
      console.log(describeRun('web chat', appStress));
      console.log(describeRun('bare socket.io', bareStress));
    }
    await measureLandingIfAvailable(runtime.url!, Math.min(options.seconds, 20));
  } finally {
    await bare.close();
    await runtime.close();
    await redis.stop();
    await mongo.close();
    process.off('unhandledRejection', ignoreClosedConnection);
    process.off('exit', stopServers);
  }
}
