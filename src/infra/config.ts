import { isIP } from 'node:net';
import { z } from 'zod';
import { parseApiKeys } from './auth/api-keys';
import { requiredPhraseListSchema } from './required-phrases';
import type { ApiKey } from './auth/api-keys';

/**
 * The whole configuration, parsed once from the environment at start-up. Every value has a
 * development default that works on a fresh machine; production refuses the development secrets.
 */
const DEVELOPMENT_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const DEVELOPMENT_TWILIO_AUTH_TOKEN = 'dev-twilio-auth-token-0123456789abcdef';

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** `10.0.0.1` or `10.0.0.0/8` (IPv4 or IPv6): what fastify's trustProxy (proxy-addr) accepts. */
function isIpOrCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d{1,3}$/.test(bits) && prefix <= (version === 4 ? 32 : 128);
}

const proxyList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .refine(
    (entries) => entries.every(isIpOrCidr),
    'must be comma-separated IP addresses or CIDR ranges, such as 10.0.0.5,192.168.0.0/16',
  );

const optionalUrl = (schemes: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${schemes.map((scheme) => `${scheme}://`).join(' or ')}`,
    )
    .optional();

/** One cluster node: `host:port`, or `redis://[user:password@]host:port` to carry credentials. */
function parseClusterNode(
  entry: string,
): { host: string; port: number; username?: string; password?: string } | undefined {
  const withScheme = /^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const port = Number(url.port);
  if (url.hostname === '' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (url.pathname !== '' && url.pathname !== '/') return undefined;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/**
 * REDIS_CLUSTER_NODES: some nodes of a Redis Cluster, comma-separated (the others are discovered).
 * Credentials, if any, are the first entry's that names them; every node shares them.
 */
const redisClusterNodes = z.string().transform((value, context) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const parsed = entries.map(parseClusterNode);
  if (entries.length === 0 || parsed.some((node) => node === undefined)) {
    context.addIssue({
      code: 'custom',
      message:
        'must be comma-separated host:port entries (or redis://user:password@host:port), such as 10.0.0.1:7000,10.0.0.2:7000',
    });
    return z.NEVER;
  }
  const nodes = parsed as Array<NonNullable<(typeof parsed)[number]>>;
  const withCredentials = nodes.find((node) => node.password !== undefined);
  return {
    nodes: nodes.map((node) => ({ host: node.host, port: node.port })),
    ...(withCredentials?.username ? { username: withCredentials.username } : {}),
    ...(withCredentials?.password ? { password: withCredentials.password } : {}),
  };
});

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_BASE_URL: optionalUrl(['http', 'https']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: optionalUrl(['mongodb', 'mongodb+srv']),
  /** Where the embedded MongoDB keeps its files; `memory` keeps nothing. */
  MONGODB_DATA_DIR: z.string().min(1).default('.data/mongo'),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** A Redis Cluster instead of one server (then REDIS_URL stays unset). */
  REDIS_CLUSTER_NODES: redisClusterNodes.optional(),
  /** Namespaces every Redis key, channel and queue, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -')
    .default('omnichannel'),
  RUN_WORKERS: booleanFromString.default(true),
  /**
   * Where web-chat bot turns run: on the app node that holds her socket (`app`), or on whichever
   * process runs the job workers, through the `webchat-turns` queue (`workers`).
   */
  WEBCHAT_TURNS: z.enum(['app', 'workers']).default('app'),
  /** `on-empty` loads the demo catalog and customers into an empty database at start-up. */
  SEED_DEMO_DATA: z.enum(['on-empty', 'never']).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_JWT_SECRET),
  API_KEYS: z.string().default(''),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex characters')
    .default('AC00000000000000000000000000000000'),
  TWILIO_AUTH_TOKEN: z.string().min(16).default(DEVELOPMENT_TWILIO_AUTH_TOKEN),
  TWILIO_FROM_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15005550006')
    .default('+15005550006'),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_API_BASE_URL: optionalUrl(['http', 'https']),
  /** The sender's throughput Twilio allows (messages per second), shared by every worker. */
  TWILIO_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(100),
  PROVISIONING_BASE_URL: optionalUrl(['http', 'https']),
  /**
   * The reverse proxies in front of the app, whose `X-Forwarded-For` is believed. Unset: nobody's,
   * and the client address is the connection's own.
   */
  TRUSTED_PROXIES: proxyList.default([]),
  /** BullMQ job locks: a killed worker's job runs again after about lock + stalled interval. */
  QUEUE_LOCK_DURATION_MS: z.coerce.number().int().min(500).max(600_000).default(5000),
  /** How often a worker renews its locks; default a quarter of the lock duration. */
  QUEUE_LOCK_RENEW_MS: z.coerce.number().int().min(100).max(300_000).optional(),
  QUEUE_STALLED_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(2000),
  QUEUE_MAX_STALLED_COUNT: z.coerce.number().int().min(1).max(100).default(2),
  /** Accepted inbound SMS not acted on after this long, whose job Redis lost, are queued again. */
  INBOUND_SMS_SWEEP_AFTER_MS: z.coerce.number().int().min(100).max(86_400_000).default(15_000),
  INBOUND_SMS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** A loopback-only listener serving `GET /metrics` without credentials (for a local scraper). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** A conversation waiting this long for a person is escalated to supervisors (and she is told). */
  /** What agents must say on a live call: a JSON list of `{id, label, text}`; unset keeps the defaults. */
  LIVE_CALL_REQUIRED_PHRASES: z
    .string()
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON list of {id, label, text}' });
        return z.NEVER;
      }
    })
    .pipe(requiredPhraseListSchema.optional()),
  HANDOVER_ESCALATE_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** An agent whose last console closed this long ago has left: her conversations move on. */
  AGENT_GONE_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** How often each app node looks for overdue handovers and agents who left. */
  HANDOVER_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config extends Omit<Environment, 'SEED_DEMO_DATA'> {
  SEED_DEMO_DATA: 'on-empty' | 'never';
  apiKeys: ApiKey[];
  PUBLIC_BASE_URL: string;
  isProduction: boolean;
  /** True when MONGODB_URI is unset and the embedded server must be started. */
  usesEmbeddedMongo: boolean;
  /**
   * Every variable that was set, as given: a channel connector that owns its settings (its
   * `WHATSAPP_*`) parses its own with zod once, at start-up, and fails it with a ConfigError.
   */
  environment: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "unset", not "empty value".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.');
        const received = present[variable];
        return `${variable}: ${issue.message}${received === undefined ? ' (unset)' : ''}`;
      }),
    );
  }
  const environment = parsed.data;
  const isProduction = environment.NODE_ENV === 'production';
  let apiKeys: ApiKey[];
  try {
    apiKeys = parseApiKeys(environment.API_KEYS);
  } catch (error) {
    throw new ConfigError([`API_KEYS: ${(error as Error).message}`]);
  }
  if (
    environment.QUEUE_LOCK_RENEW_MS !== undefined &&
    environment.QUEUE_LOCK_RENEW_MS >= environment.QUEUE_LOCK_DURATION_MS
  ) {
    throw new ConfigError([
      'QUEUE_LOCK_RENEW_MS: must be shorter than QUEUE_LOCK_DURATION_MS, or locks lapse between renewals',
    ]);
  }
  if (environment.REDIS_URL && environment.REDIS_CLUSTER_NODES) {
    throw new ConfigError([
      'REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis server) or REDIS_CLUSTER_NODES (a Redis Cluster), not both',
    ]);
  }
  if (isProduction) {
    const problems: string[] = [];
    if (environment.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
      problems.push('JWT_SECRET: the development secret is refused in production; set your own');
    }
    if (environment.TWILIO_AUTH_TOKEN === DEVELOPMENT_TWILIO_AUTH_TOKEN) {
      problems.push('TWILIO_AUTH_TOKEN: the development token is refused in production');
    }
    if (!environment.MONGODB_URI) {
      problems.push('MONGODB_URI: required in production (the embedded server is for development)');
    }
    if (!environment.REDIS_URL && !environment.REDIS_CLUSTER_NODES) {
      problems.push(
        'REDIS_URL: required in production (or REDIS_CLUSTER_NODES for a Redis Cluster)',
      );
    }
    // Checked here, not where the client is built, so a start-up says so in one readable list.
    if (!environment.PROVISIONING_BASE_URL) {
      problems.push(
        "PROVISIONING_BASE_URL: required in production (the operator's TMF641 service ordering endpoint; the stand-in is for development)",
      );
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return {
    ...environment,
    apiKeys,
    // Production databases never get demo customers unless someone asks for them.
    SEED_DEMO_DATA: environment.SEED_DEMO_DATA ?? (isProduction ? 'never' : 'on-empty'),
    PUBLIC_BASE_URL: (
      environment.PUBLIC_BASE_URL ?? `http://127.0.0.1:${environment.PORT}`
    ).replace(/\/+$/, ''),
    isProduction,
    usesEmbeddedMongo: !environment.MONGODB_URI,
    environment: present as Record<string, string>,
  };
}
