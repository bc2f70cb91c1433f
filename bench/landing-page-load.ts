/**
 * The offer landing page (the target of every campaign link) under a steady 200 requests per second,
 * beside a bare Fastify route answering a static string of the same size, gzipped the same way, in
 * the same run. The page is rendered per request for the visitor (catalog snapshot, eligibility,
 * web and self-care prices, escaping, CSP, gzip); the baseline only sends bytes.
 *
 * `npm run bench -- landing-page-load [--seconds 20] [--rps 200]`. Also prints the compressed weight
 * of everything the page loads (target: no file over 100 KB gzipped).
 *
 * `measureLandingPage(baseUrl, { rps, seconds })` is exported for other benchmarks (bench/webchat.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import pino from 'pino';
import { createApplicationFeatures } from '../src/features';
import { createWebFeature } from '../src/features/web';
import { loadConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import { startRuntime } from '../src/runtime';
import { catalogSeedIds } from '../src/seed/catalog';
import { seedDemoData } from '../src/seed/demo-data';
import type { Row } from './lib';
import { percentile, printTable } from './lib';

export interface LandingPageLoad {
  p50Ms: number;
  p99Ms: number;
  /** Requests per second actually answered. */
  rps: number;
  requests: number;
  errors: number;
  /** The page as rendered, and as sent with `Accept-Encoding: gzip`. */
  bytes: number;
  gzipBytes: number;
}

export interface LandingPageOptions {
  rps?: number;
  seconds?: number;
  /** Default: the Data Boost landing page. */
  path?: string;
}

interface Answer {
  status: number;
  body: Buffer;
  latencyMs: number;
}

function get(agent: http.Agent, url: URL, gzip: boolean): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get(
      url,
      { agent, headers: gzip ? { 'accept-encoding': 'gzip' } : {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks),
            latencyMs: performance.now() - started,
          }),
        );
      },
    );
    request.on('error', () =>
      resolve({ status: 0, body: Buffer.alloc(0), latencyMs: performance.now() - started }),
    );
  });
}

/** Open loop: requests leave on schedule at `rps` whatever the answers do. */
async function steadyLoad(
  agent: http.Agent,
  url: URL,
  rps: number,
  seconds: number,
): Promise<{ latencies: number[]; errors: number; elapsedSeconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = Math.round(rps * seconds);
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rps) + 1);
    while (sent < due) {
      sent += 1;
      pending.push(
        get(agent, url, true).then((answer) => {
          latencies.push(answer.latencyMs);
          if (answer.status !== 200) errors += 1;
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  return { latencies, errors, elapsedSeconds: (performance.now() - started) / 1000 };
}

export async function measureLandingPage(
  baseUrl: string,
  options: LandingPageOptions = {},
): Promise<LandingPageLoad> {
  const rps = options.rps ?? 200;
  const seconds = options.seconds ?? 20;
  const url = new URL(options.path ?? `/offers/${catalogSeedIds.dataBoost}`, baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const plain = await get(agent, url, false);
    const gzipped = await get(agent, url, true);
    if (plain.status !== 200) throw new Error(`${url.pathname} answered ${plain.status}`);
    const load = await steadyLoad(agent, url, rps, seconds);
    return {
      p50Ms: percentile(load.latencies, 50),
      p99Ms: percentile(load.latencies, 99),
      rps: load.latencies.length / load.elapsedSeconds,
      requests: load.latencies.length,
      errors: load.errors,
      bytes: plain.body.length,
      gzipBytes: gzipped.body.length,
    };
  } finally {
    agent.destroy();
  }
}

/** The same bytes from a route that does nothing else: what the machine and Fastify cost alone. */
async function startBareFastify(page: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  const gzipped = gzipSync(page);
  app.get('/page', async (request, reply) => {
    reply.header('content-type', 'text/html; charset=utf-8');
    if (String(request.headers['accept-encoding'] ?? '').includes('gzip')) {
      return reply.header('content-encoding', 'gzip').send(gzipped);
    }
    return reply.send(page);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}

function assetOnDisk(file: string): string | undefined {
  const name = path.basename(file);
  const candidate =
    name === 'socket.io.min.js'
      ? path.join(
          path.dirname(require.resolve('socket.io-client/package.json')),
          'dist',
          'socket.io.min.js',
        )
      : path.join(__dirname, '../src/web/assets', name);
  return existsSync(candidate) ? candidate : undefined;
}

/** Every file the landing page loads, with its gzipped size. */
async function pageWeight(baseUrl: string, html: string): Promise<Array<[string, number]>> {
  const files = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  // The widget loads the socket.io client itself.
  if (files.some((file) => file.endsWith('chat-widget.js'))) files.push('/assets/socket.io.min.js');
  const sizes: Array<[string, number]> = [['(the page)', gzipSync(html).length]];
  for (const file of files) {
    const response = await fetch(new URL(file, baseUrl));
    if (response.ok) {
      sizes.push([file, gzipSync(Buffer.from(await response.arrayBuffer())).length]);
      continue;
    }
    // Not served by this composition (web chat not wired in): weigh the file it would serve.
    const onDisk = assetOnDisk(file);
    sizes.push([`${file} (from disk)`, onDisk ? gzipSync(readFileSync(onDisk)).length : 0]);
  }
  return sizes;
}

function parseOptions(args: string[]): { seconds: number; rps: number } {
  const value = (name: string, fallback: number): number => {
    const index = args.indexOf(`--${name}`);
    const parsed = index >= 0 ? Number(args[index + 1]) : fallback;
    if (!Number.isFinite(parsed) || parsed <= 0) {
      throw new Error(`--${name} must be a positive number`);
    }
    return parsed;
  };
  return { seconds: value('seconds', 20), rps: value('rps', 200) };
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const redis = await startThrowawayRedis();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    REDIS_URL: redis.url,
    MONGODB_DATA_DIR: 'memory',
    SEED_DEMO_DATA: 'never',
    REDIS_KEY_PREFIX: `bench-landing-${process.pid}`,
  });
  // Info logs are written, buffered, to /dev/null, as a production node would pay for them.
  const logger = createLogger(
    'info',
    'bench',
    pino.destination({ dest: '/dev/null', sync: false, minLength: 8 * 1024 }),
  );
  const features = createApplicationFeatures();
  const web = createWebFeature({
    snapshots: features.catalog.services.snapshots,
    customerContexts: features.customers.services.customerContexts,
    customers: () => features.customers.services.customers,
    identities: () => features.customers.services.identities,
  });
  const runtime = await startRuntime({
    config,
    role: 'app',
    logger,
    runWorkers: false,
    configure: async (context) => {
      await features.configure(context);
      await seedDemoData({
        catalog: features.catalog.services.catalog,
        customerModels: features.customers.services.models,
      });
    },
    configureApp: async (context) => {
      await features.configureApp(context);
      await web.configureApp(context);
    },
  });
  const pageUrl = `${runtime.url}/offers/${catalogSeedIds.dataBoost}`;
  const html = await (await fetch(pageUrl)).text();
  const bare = await startBareFastify(Buffer.from(html));
  try {
    console.log(
      `landing-page-load: ${options.rps} requests/s for ${options.seconds} s, page and bare route`,
    );
    // Warm-up: JIT, the catalog snapshot, the embedded server's code paths.
    await measureLandingPage(runtime.url!, { rps: options.rps, seconds: 3 });
    await measureLandingPage(bare.url, { rps: options.rps, seconds: 1, path: '/page' });

    const landing = await measureLandingPage(runtime.url!, options);
    const baseline = await measureLandingPage(bare.url, { ...options, path: '/page' });
    const rows: Row[] = [
      {
        figure: 'landing page p99',
        value: landing.p99Ms,
        unit: 'ms',
        baselineName: 'bare route',
        baseline: baseline.p99Ms,
        target: '< 50 ms',
      },
      {
        figure: 'landing page p50',
        value: landing.p50Ms,
        unit: 'ms',
        baselineName: 'bare route',
        baseline: baseline.p50Ms,
      },
      {
        figure: 'answered',
        value: landing.rps,
        unit: 'req/s',
        baselineName: 'bare route',
        baseline: baseline.rps,
      },
    ];
    printTable('Offer landing page', rows);
    console.log(
      `\nerrors: page ${landing.errors} of ${landing.requests}, bare ${baseline.errors} of ${baseline.requests}`,
    );
    console.log(`page size: ${landing.bytes} B, ${landing.gzipBytes} B gzipped on the wire`);
    console.log('\nWhat the page loads (gzipped; target: each under 100 KB):');
    for (const [file, size] of await pageWeight(runtime.url!, html)) {
      console.log(`  ${file.padEnd(44)} ${(size / 1024).toFixed(1).padStart(7)} KB`);
    }
  } finally {
    await bare.close();
    await runtime.close();
    await redis.stop();
  }
}
