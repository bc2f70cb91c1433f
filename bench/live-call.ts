/**
 * Live call assist under load: `--calls` (default 200) calls handed to as many agents, each
 * transcribed live with one final line per `--every` seconds (default 3) on each track (customer
 * and agent), each final preceded by a partial, for `--seconds` (default 30). Customer lines carry a
 * need now and then (Spain next week, running out of data, too expensive), each answered by a
 * suggestion. Figures: the time from Twilio posting a final line (the stand-in's signed callback)
 * to the holding agent's console receiving it, and from posting a need to the console receiving
 * the suggestion; beside a bare `io.to(room).emit` through socket.io on the same Redis adapter,
 * measured the same way in the same run.
 *
 * The embedded MongoDB runs in its own process; the parent hosts Redis, the load (consoles and
 * Twilio's callbacks, over kept-alive connections) and a
 * worker-like runtime that seeds; the app node is a child process (this file, BENCH_LIVE_CALL_NODE=1).
 *
 * `npm run bench -- live-call [--calls 200] [--seconds 30] [--every 3]`
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import twilio from 'twilio';
import { Server } from 'socket.io';
import { io as connectClient } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { LiveLineView, LiveSuggestionView } from '../src/assist/live-call-events';
import { ScriptedCall } from '../src/connectors/twilio/stand-in/scripted-call';
import { createApplicationFeatures } from '../src/features';
import { TokenService } from '../src/infra/auth/tokens';
import { loadConfig } from '../src/infra/config';
import { startEmbeddedMongoProcess } from '../src/infra/mongo/embedded-process';
import { closeRedis, createRedis } from '../src/infra/redis/connection';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import { startRuntime } from '../src/runtime';
import type { Runtime } from '../src/runtime';
import { seedDemoData } from '../src/seed/demo-data';
import { withDatabase } from '../test/support/mongo';
import type { Row } from './lib';
import { percentile, printTable, spawnBenchNode } from './lib';

type Console = Socket;

const PREFIX = `bench-live-call-${process.env.BENCH_LIVE_CALL_PARENT ?? process.pid}`;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function configFor(role: 'app' | 'worker') {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL ?? '',
    MONGODB_URI: process.env.MONGODB_URI ?? '',
    REDIS_KEY_PREFIX: PREFIX,
    SEED_DEMO_DATA: 'never',
    RUN_WORKERS: 'false',
    ...(role === 'app' ? {} : {}),
  });
}

/** Child process: the app node. */
async function serveNode(): Promise<void> {
  const app = createApplicationFeatures();
  const runtime = await startRuntime({
    config: configFor('app'),
    role: 'app',
    runWorkers: false,
    configure: (context) => app.configure(context),
    configureApp: async (context) => {
      // As bench/assist.ts: let the adapter's subscriber be ready before namespaces are created.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await app.configureApp(context);
    },
  });
  process.stdout.write(`${JSON.stringify({ url: runtime.url })}\n`);
  // exit() after close so a --cpu-prof profile is written.
  const stop = () => void runtime.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

function spawnNode(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_CPU_PROF=DIR profiles the app node (its .cpuprofile lands in DIR when it exits).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  return spawnBenchNode(__filename, { ...env, BENCH_LIVE_CALL_NODE: '1' }, profile);
}

async function connectAgent(url: string, token: string): Promise<Console> {
  const client = connectClient(`${url}/assist`, {
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

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** The floor: a bare socket.io server on the same Redis adapter emitting to one client's room. */
async function bareEmit(redisUrl: string, clients: number, count: number, rate: number) {
  const server = http.createServer();
  const pub = createRedis(redisUrl, 'bare-pub');
  const sub = createRedis(redisUrl, 'bare-sub');
  const io = new Server(server, {
    serveClient: false,
    adapter: createAdapter(pub, sub, { key: `${PREFIX}:bare` }),
  });
  io.on('connection', (socket) => void socket.join(`room-${String(socket.handshake.auth.room)}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sockets = await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      const socket = connectClient(`http://127.0.0.1:${port}`, {
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
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const room = index % clients;
    const received = new Promise<void>((resolve) =>
      sockets[room]!.once('ping-room', () => resolve()),
    );
    const at = performance.now();
    io.to(`room-${room}`).emit('ping-room', { at });
    pending.push(received.then(() => void latencies.push(performance.now() - at)));
  }
  await Promise.all(pending);
  for (const socket of sockets) socket.close();
  io.close();
  await closeRedis(pub);
  await closeRedis(sub);
  return latencies;
}

/**
 * Twilio's transcription callbacks of one call, posted as `ScriptedCall.speak` posts them (the same
 * parameters, each signed over its own URL and parameters: a signature cannot be reused) but over
 * kept-alive connections, so the generator does not spend its CPU on a TCP handshake and a fetch
 * per event and inflate the figures it measures. `--per-request-connections` uses the stand-in's
 * own poster instead (fetch, one connection per event), as the first runs did.
 */
class TranscriptionFeed {
  private sequence: number;

  constructor(
    private readonly call: ScriptedCall,
    private readonly accountSid: string,
    private readonly authToken: string,
    private readonly agent: http.Agent,
    /** SequenceIds the call has used already (transcription-started). */
    used: number,
  ) {
    this.sequence = used;
  }

  async speak(
    line: { speaker: 'customer' | 'agent'; text: string },
    beforeFinal: (sequence: number) => void,
  ): Promise<void> {
    const track = line.speaker === 'customer' ? 'inbound_track' : 'outbound_track';
    const words = line.text.split(/\s+/);
    if (words.length >= 2) {
      const partial = words.slice(0, Math.max(1, Math.round(words.length / 2))).join(' ');
      await this.post(this.content(track, partial, 0.736, false));
    }
    const final = this.content(track, line.text, 0.92, true);
    beforeFinal(this.sequence);
    await this.post(final);
  }

  private content(track: string, transcript: string, confidence: number, final: boolean) {
    this.sequence += 1;
    return {
      AccountSid: this.accountSid,
      CallSid: this.call.callSid,
      TranscriptionSid: this.call.transcriptionSid,
      Timestamp: new Date().toISOString(),
      SequenceId: String(this.sequence),
      TranscriptionEvent: 'transcription-content',
      LanguageCode: 'en-GB',
      Track: track,
      TranscriptionData: JSON.stringify({ transcript, confidence }),
      Final: final ? 'true' : 'false',
      ...(final ? {} : { Stability: '0.8' }),
    };
  }

  private post(params: Record<string, string>): Promise<void> {
    const url = this.call.transcriptionUrl!;
    const body = new URLSearchParams(params).toString();
    const signature = twilio.getExpectedTwilioSignature(this.authToken, url, params);
    return new Promise<void>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'x-twilio-signature': signature,
            'user-agent': 'TwilioProxy/1.1',
          },
        },
        (response) => {
          response.resume();
          response.once('end', () =>
            response.statusCode === 200
              ? resolve()
              : reject(new Error(`transcription callback answered ${response.statusCode}`)),
          );
        },
      );
      request.once('error', reject);
      request.end(body);
    });
  }
}

const CHATTER = [
  'yes that sounds about right to me',
  'okay and how long does that usually take',
  'I see, thank you for explaining',
  'sorry could you say that again please',
  'right, that makes sense',
];
const NEEDS = [
  "I'm going to Spain next week so I need my phone to work there",
  'I keep running out of data, I need about 8 gigs more',
  'to be honest my plan is too expensive for me',
];
const AGENT = [
  'Let me have a look at your account for you',
  'This call may be recorded for training and quality purposes',
  'I can see that on your account now',
  'Do you agree to us placing this order on your account',
];

export async function run(args: string[]): Promise<void> {
  const calls = option(args, 'calls', 200);
  const seconds = option(args, 'seconds', 30);
  const every = option(args, 'every', 3);
  const withNeeds = !args.includes('--no-needs');
  const perRequestConnections = args.includes('--per-request-connections');

  const redis = await startThrowawayRedis();
  // Its own process: the database must not share the load generator's CPU (nor the other way).
  const mongo = await startEmbeddedMongoProcess();
  const mongoUri = withDatabase(mongo.uri, 'bench_live_call');
  process.env.REDIS_URL = redis.url;
  process.env.MONGODB_URI = mongoUri;
  process.env.BENCH_LIVE_CALL_PARENT = String(process.pid);
  let worker: Runtime | undefined;
  let child: ChildProcess | undefined;
  const consoles: Console[] = [];
  try {
    const parts = createApplicationFeatures();
    worker = await startRuntime({
      config: configFor('worker'),
      role: 'worker',
      runWorkers: false,
      configure: async (context) => {
        await parts.configure(context);
        await seedDemoData({
          catalog: parts.catalog.services.catalog,
          customerModels: parts.customers.services.models,
        });
      },
    });
    const tokens = new TokenService(worker.config.JWT_SECRET);
    const agentTokens: string[] = [];
    const mobiles: string[] = [];
    for (let index = 0; index < calls; index++) {
      const { user } = await parts.users.services.users.ensure({
        username: `bench.live.${index}`,
        displayName: `Bench Agent ${index}`,
        roles: ['agent'],
        password: 'bench-only-password-1234',
        queues: ['voice'],
        maxConcurrent: 1,
      });
      agentTokens.push(await tokens.issue({ kind: 'user', id: user.id, roles: ['agent'] }, 3600));
      const mobile = `+4477009${String(10_000 + index).padStart(5, '0')}`;
      mobiles.push(mobile);
      await parts.customers.services.customers.create({
        id: `cust-bench-live-${index}`,
        name: { given: 'Caller', family: `Number ${index}` },
        status: 'active',
        segment: 'consumer',
        language: 'en-GB',
        timezone: 'Europe/London',
        region: 'GB',
        mobile,
        customerSince: '2021-03-14T10:22:00Z',
        subscriptions: [
          {
            id: `sub-bench-live-${index}`,
            offeringId: 'po-plan-unlimited-30gb',
            offeringName: 'Unlimited Talk & Text 30 GB',
            isPlan: true,
            status: 'active',
            characteristics: { dataAllowanceGB: 30 },
            startDate: '2021-03-14T10:22:00Z',
          },
        ],
        smsMarketing: { status: 'opted-in', source: 'selfcare', at: '2021-03-14T10:25:00Z' },
      });
    }

    const node = await spawnNode({
      REDIS_URL: redis.url,
      MONGODB_URI: mongoUri,
      BENCH_LIVE_CALL_PARENT: String(process.pid),
    });
    child = node.child;
    console.log(`app node up; connecting ${calls} agents`);
    for (const token of agentTokens) consoles.push(await connectAgent(node.url, token));

    // Every call put through is offered to one agent, who takes it.
    let accepted = 0;
    const lineAt = new Map<string, number>();
    const needAt = new Map<string, number>();
    const lineLatencies: number[] = [];
    const suggestionLatencies: number[] = [];
    let partialsSeen = 0;
    for (const client of consoles) {
      client.on('conversation', (panel: { handover: { id: string; status: string } }) => {
        if (panel.handover.status !== 'assigned') return;
        client.emit(
          'handover:accept',
          { handoverId: panel.handover.id },
          (result: { ok: boolean }) => {
            if (result.ok) accepted++;
          },
        );
      });
      client.on('livecall:line', (line: LiveLineView) => {
        if (!line.final) {
          partialsSeen++;
          return;
        }
        const key = `${line.callSid}:${line.sequence}`;
        const at = lineAt.get(key);
        if (at === undefined) return;
        lineAt.delete(key);
        lineLatencies.push(performance.now() - at);
      });
      client.on('livecall:suggestion', (suggestion: LiveSuggestionView) => {
        if (suggestion.status !== 'shown') return;
        const at = needAt.get(suggestion.callSid);
        if (at === undefined) return;
        needAt.delete(suggestion.callSid);
        suggestionLatencies.push(performance.now() - at);
      });
    }

    const scripted = mobiles.map(
      (from) =>
        new ScriptedCall({
          accountSid: worker!.config.TWILIO_ACCOUNT_SID,
          authToken: worker!.config.TWILIO_AUTH_TOKEN,
          baseUrl: () => node.url,
          from,
          to: worker!.config.TWILIO_FROM_NUMBER,
        }),
    );
    console.log(`placing ${calls} calls and putting them through`);
    await inParallel(scripted, 8, async (call) => {
      await call.dial();
      await call.askForAgent();
    });
    const until = Date.now() + 60_000;
    while (accepted < calls && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    console.log(`${accepted} of ${calls} calls accepted; transcription starts`);
    await inParallel(scripted, 16, async (call) => {
      await call.transcriptionStarted();
    });

    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const feeds = scripted.map(
      (call) =>
        new TranscriptionFeed(
          call,
          worker!.config.TWILIO_ACCOUNT_SID,
          worker!.config.TWILIO_AUTH_TOKEN,
          agent,
          1,
        ),
    );
    const ticks = Math.floor(seconds / every);
    console.log(
      `${calls} calls x 2 tracks, one final line per ${every} s each (${((calls * 2) / every).toFixed(0)} finals/s) for ${seconds} s`,
    );
    const failures: unknown[] = [];
    const started = performance.now();
    await Promise.all(
      scripted.map(async (call, index) => {
        // Each call starts at its own moment within the first period, so load is even.
        const phase = (index / calls) * every * 1000;
        for (let tick = 0; tick < ticks; tick++) {
          for (const speaker of ['customer', 'agent'] as const) {
            const due =
              started + phase + tick * every * 1000 + (speaker === 'agent' ? every * 500 : 0);
            const wait = due - performance.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            const need =
              withNeeds && speaker === 'customer' && tick % 2 === 1
                ? NEEDS[(tick >> 1) % NEEDS.length]
                : undefined;
            const text =
              speaker === 'agent'
                ? AGENT[tick % AGENT.length]!
                : (need ?? CHATTER[(tick + index) % CHATTER.length]!);
            const beforeFinal = (sequence: number) => {
              const at = performance.now();
              lineAt.set(`${call.callSid}:${sequence}`, at);
              if (need && tick >> 1 < NEEDS.length) needAt.set(call.callSid, at);
            };
            await (
              perRequestConnections
                ? call.speak({ speaker, text, partials: 1 }, 0, beforeFinal)
                : feeds[index]!.speak({ speaker, text }, beforeFinal)
            ).catch((error: unknown) => failures.push(error));
          }
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const finalsSent = calls * ticks * 2;
    console.log(
      `finals: ${lineLatencies.length} of ${finalsSent} reached the panel; partials seen: ${partialsSeen}; suggestions: ${suggestionLatencies.length}; failed posts: ${failures.length}`,
    );
    if (failures.length > 0) console.log('first failure:', failures[0]);

    const finalsPerSecond = (calls * 2) / every;
    const bare = await bareEmit(
      redis.url,
      calls,
      Math.max(100, lineLatencies.length),
      finalsPerSecond,
    );
    const rows: Row[] = [
      {
        figure: 'final line → panel, p50',
        value: percentile(lineLatencies, 50),
        unit: 'ms',
        baselineName: 'bare room emit p50',
        baseline: percentile(bare, 50),
      },
      {
        figure: 'final line → panel, p99',
        value: percentile(lineLatencies, 99),
        unit: 'ms',
        baselineName: 'bare room emit p99',
        baseline: percentile(bare, 99),
        target: '≤ 300 ms',
      },
      {
        figure: 'suggestion → panel, p50',
        value: percentile(suggestionLatencies, 50),
        unit: 'ms',
        baselineName: 'bare room emit p50',
        baseline: percentile(bare, 50),
      },
      {
        figure: 'suggestion → panel, p99',
        value: percentile(suggestionLatencies, 99),
        unit: 'ms',
        baselineName: 'bare room emit p99',
        baseline: percentile(bare, 99),
        target: '≤ 500 ms',
      },
    ];
    printTable(
      `live call assist: ${calls} transcribed calls, ${finalsPerSecond.toFixed(0)} final lines/s (+ as many partials), ${seconds} s`,
      rows,
    );
    void started;
    agent.destroy();
  } finally {
    for (const client of consoles) client.close();
    child?.stdin?.end();
    child?.kill('SIGTERM');
    await worker?.close();
    await mongo.close();
    await redis.stop();
  }
}

if (process.env.BENCH_LIVE_CALL_NODE === '1') {
  serveNode().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
