/**
 * Signed inbound SMS webhooks (signature check, zod, MongoDB insert on the unique MessageSid, BullMQ
 * enqueue) against a bare Fastify form endpoint answering the same empty TwiML, in the same run.
 *
 * 1. A fixed 500 webhooks per second for `--seconds` (default 60): p99 response time and errors.
 * 2. Saturation: as many as a bounded pool of keep-alive connections gets through, for both.
 *
 * `npm run bench -- sms [--seconds 10] [--rate 500] [--concurrency 32]`. The app node runs without
 * queue workers, as in production (workers are separate processes); its info logs are written
 * (buffered) to /dev/null so their cost is counted. Requests go through node:http with a keep-alive agent whose socket
 * count bounds the concurrency: lighter on the shared cores than fetch, identical for both sides.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import formBody from '@fastify/formbody';
import Fastify from 'fastify';
import pino from 'pino';
import twilio from 'twilio';
import { newMessageSid } from '../src/connectors/twilio/message-sid';
import { EMPTY_TWIML } from '../src/connectors/twilio/twiml';
import { createTwilioFeature } from '../src/features/twilio';
import { loadConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import { startRuntime } from '../src/runtime';
import type { Row } from './lib';
import { percentile, printTable } from './lib';

interface Options {
  seconds: number;
  rate: number;
  concurrency: number;
}

interface Target {
  url: URL;
  /** A fresh signed inbound message for each request: retries are not what is measured. */
  nextRequest(): { body: string; signature: string };
}

interface Outcome {
  latencyMs: number;
  ok: boolean;
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
    seconds: value('seconds', 60),
    rate: value('rate', 500),
    concurrency: value('concurrency', 32),
  };
}

function post(agent: http.Agent, target: Target): Promise<Outcome> {
  const { body, signature } = target.nextRequest();
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ latencyMs: performance.now() - started, ok: response.statusCode === 200 }),
        );
      },
    );
    request.on('error', () => resolve({ latencyMs: performance.now() - started, ok: false }));
    request.end(body);
  });
}

/** Open loop at `rate`/s: requests leave on schedule whatever the answers do, up to `maxInFlight`. */
async function fixedRate(
  agent: http.Agent,
  target: Target,
  rate: number,
  seconds: number,
  maxInFlight: number,
): Promise<{ latencies: number[]; errors: number; refusedByBound: number; sent: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let refusedByBound = 0;
  let sent = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const total = Math.round(rate * seconds);
  while (sent + refusedByBound < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    while (sent + refusedByBound < due) {
      if (inFlight >= maxInFlight) {
        refusedByBound += 1;
        continue;
      }
      inFlight += 1;
      sent += 1;
      const request = post(agent, target).then((outcome) => {
        inFlight -= 1;
        latencies.push(outcome.latencyMs);
        if (!outcome.ok) errors += 1;
        pending.delete(request);
      });
      pending.add(request);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return { latencies, errors, refusedByBound, sent };
}

/** Closed loop: `concurrency` requests always in flight for `seconds`; answers per second. */
async function saturation(
  agent: http.Agent,
  target: Target,
  concurrency: number,
  seconds: number,
): Promise<{ perSecond: number; errors: number }> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let completed = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const outcome = await post(agent, target);
        completed += 1;
        if (!outcome.ok) errors += 1;
      }
    }),
  );
  return { perSecond: completed / ((performance.now() - started) / 1000), errors };
}

function signedInbound(
  url: string,
  publicUrl: string,
  accountSid: string,
  authToken: string,
): Target {
  let counter = 0;
  return {
    url: new URL(url),
    nextRequest() {
      counter += 1;
      const sid = newMessageSid();
      const params: Record<string, string> = {
        ToCountry: 'US',
        SmsMessageSid: sid,
        NumMedia: '0',
        SmsSid: sid,
        SmsStatus: 'received',
        Body: `Is the 20 GB add-on available on my plan? (${counter})`,
        FromCountry: 'GB',
        To: '+15005550006',
        NumSegments: '1',
        MessageSid: sid,
        AccountSid: accountSid,
        From: `+4477009${String(counter % 100_000).padStart(5, '0')}`,
        ApiVersion: '2010-04-01',
      };
      return {
        body: new URLSearchParams(params).toString(),
        signature: twilio.getExpectedTwilioSignature(authToken, publicUrl, params),
      };
    },
  };
}

async function startBareFastify(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  await app.register(formBody);
  app.post('/sms', async (_request, reply) => reply.type('text/xml').send(EMPTY_TWIML));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sms`, close: () => app.close() };
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
    REDIS_KEY_PREFIX: `bench-sms-${process.pid}`,
  });
  // Info-level logs are written, buffered as a production deployment would, into /dev/null.
  const logger = createLogger(
    'info',
    'bench',
    pino.destination({ dest: '/dev/null', sync: false, minLength: 8 * 1024 }),
  );
  const runtime = await startRuntime({
    config,
    role: 'app',
    logger,
    runWorkers: false,
    ...(() => {
      const feature = createTwilioFeature();
      return {
        configure: feature.configure,
        configureApp: feature.configureApp,
      };
    })(),
  });
  const bare = await startBareFastify();
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const webhookUrl = `${runtime.url}/webhooks/twilio/sms`;
  const webhook = signedInbound(
    webhookUrl,
    webhookUrl,
    config.TWILIO_ACCOUNT_SID,
    config.TWILIO_AUTH_TOKEN,
  );
  const baseline = signedInbound(
    bare.url,
    bare.url,
    config.TWILIO_ACCOUNT_SID,
    config.TWILIO_AUTH_TOKEN,
  );

  try {
    console.log(
      `sms bench: ${options.rate}/s for ${options.seconds} s, then saturation with ${options.concurrency} connections`,
    );
    // Warm-up: JIT, connection pools, indexes, the embedded server's code paths.
    await fixedRate(agent, webhook, options.rate, 3, options.concurrency * 8);
    await saturation(agent, baseline, options.concurrency, 1);

    const steady = await fixedRate(
      agent,
      webhook,
      options.rate,
      options.seconds,
      options.concurrency * 8,
    );
    const steadyBare = await fixedRate(
      agent,
      baseline,
      options.rate,
      Math.min(options.seconds, 10),
      options.concurrency * 8,
    );

    // Alternating rounds, medians: neither side gets the quieter moment on a shared machine.
    const saturationSeconds = Math.max(2, Math.min(5, options.seconds / 4));
    const webhookRounds: number[] = [];
    const bareRounds: number[] = [];
    let saturationErrors = 0;
    for (let round = 0; round < 3; round += 1) {
      const bareResult = await saturation(agent, baseline, options.concurrency, saturationSeconds);
      const webhookResult = await saturation(
        agent,
        webhook,
        options.concurrency,
        saturationSeconds,
      );
      bareRounds.push(bareResult.perSecond);
      webhookRounds.push(webhookResult.perSecond);
      saturationErrors += webhookResult.errors + bareResult.errors;
    }
    const median = (values: number[]) => percentile(values, 50);

    const rows: Row[] = [
      {
        figure: `signed webhook p50 at ${options.rate}/s`,
        value: percentile(steady.latencies, 50),
        unit: 'ms',
        baselineName: 'bare Fastify',
        baseline: percentile(steadyBare.latencies, 50),
      },
      {
        figure: `signed webhook p99 at ${options.rate}/s`,
        value: percentile(steady.latencies, 99),
        unit: 'ms',
        baselineName: 'bare Fastify',
        baseline: percentile(steadyBare.latencies, 99),
        target: '≤ 50 ms',
      },
      {
        figure: 'signed webhook saturation',
        value: median(webhookRounds),
        unit: 'req/s',
        baselineName: 'bare Fastify',
        baseline: median(bareRounds),
        target: 'ratio ≤ 3.33x (≥ 0.3x of bare)',
      },
    ];
    printTable('Twilio inbound SMS webhook', rows);
    console.log(
      `\nfixed rate: ${steady.sent} sent, ${steady.errors} errors, ${steady.refusedByBound} not sent (in-flight bound), p99.9 ${percentile(steady.latencies, 99.9).toFixed(1)} ms, max ${Math.max(...steady.latencies).toFixed(1)} ms`,
    );
    console.log(
      `saturation: webhook ${(median(webhookRounds) / median(bareRounds)).toFixed(2)}x of bare Fastify (rounds ${webhookRounds.map(Math.round).join(', ')} vs ${bareRounds.map(Math.round).join(', ')} req/s), ${saturationErrors} errors`,
    );
  } finally {
    agent.destroy();
    await bare.close();
    await runtime.close();
    await redis.stop();
  }
}
