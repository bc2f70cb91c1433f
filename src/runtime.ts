import type { FastifyInstance } from 'fastify';
import type { Server as SocketServer } from 'socket.io';
import type { Config } from './infra/config';
import { TokenService } from './infra/auth/tokens';
import { EventBus } from './infra/events/event-bus';
import { registerAuthentication } from './infra/http/authenticate';
import { buildHttpApp } from './infra/http/app';
import type { Logger } from './infra/logger';
import { createLogger } from './infra/logger';
import { findFreePort } from './infra/net';
import { connectMongo } from './infra/mongo/connect';
import type { MongoHandle } from './infra/mongo/connect';
import { QueueRegistry } from './infra/queues/queue-registry';
import { workerTiming } from './infra/queues/worker-timing';
import { closeRedis, createRedisClient } from './infra/redis/connection';
import type { RedisClient } from './infra/redis/connection';
import { resolveRedisTarget } from './infra/redis/resolve-redis';
import { RedisKeyedLock } from './infra/redis/redis-keyed-lock';
import type { KeyedLock } from './domain/shared/keyed-lock';
import {
  attachSocketServer,
  closeBroadcaster,
  closeSocketServer,
  createBroadcaster,
} from './infra/sockets';
import { ServiceMetrics } from './infra/metrics/service-metrics';
import { collectQueueMetrics, collectSocketMetrics } from './infra/metrics/runtime-collectors';
import { registerMetricsRoute, startInternalMetricsListener } from './infra/metrics/metrics-route';

export type RuntimeRole = 'app' | 'worker';

/** The OpenAPI document's version: the package's. */
const SERVICE_VERSION = '0.1.0';

/** What feature modules receive to register their models, queues, routes and socket namespaces. */
export interface RuntimeContext {
  config: Config;
  logger: Logger;
  mongo: MongoHandle;
  events: EventBus;
  queues: QueueRegistry;
  /** Per-key mutual exclusion across every process (Redis leases). */
  locks: KeyedLock;
  /** A shared command connection for small cross-node state (sign-in limits, counters). */
  redis: RedisClient;
  role: RuntimeRole;
  /** This process's Prometheus metrics; features add their own observations to it. */
  metrics: ServiceMetrics;
  /**
   * A socket.io server whose room emits reach sockets on every app node (through the Redis
   * adapter): the app node's own, or on a worker one that serves no sockets of its own.
   */
  broadcaster(): SocketServer;
}

export interface AppContext extends RuntimeContext {
  app: FastifyInstance;
  io: SocketServer;
  tokens: TokenService;
}

export interface RuntimeOptions {
  config: Config;
  role: RuntimeRole;
  logger?: Logger;
  /** Whether this process runs the BullMQ workers (default: always for the worker role, RUN_WORKERS for app nodes). */
  runWorkers?: boolean;
  /** Declares models, queues and event subscribers; runs in every role before workers start. */
  configure?: (context: RuntimeContext) => Promise<void> | void;
  /** Adds routes and socket namespaces; runs in the app role only, before listening. */
  configureApp?: (context: AppContext) => Promise<void> | void;
}

export interface Runtime extends RuntimeContext {
  app?: FastifyInstance;
  io?: SocketServer;
  /** The address the HTTP server listens on, in the app role. */
  url?: string;
  /** The loopback metrics listener's address, when METRICS_PORT is set. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/**
 * The composition root shared by `main.ts` (app nodes) and `worker.ts` (job workers): it connects
 * MongoDB and Redis, the event bus and queues, and in the app role the HTTP server and sockets.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { role } = options;
  const config = role === 'app' ? await withConcretePort(options.config) : options.config;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ err: error }, 'error while shutting down');
      }
    }
  };

  try {
    const redis = await resolveRedisTarget(config, logger);
    cleanups.push(() => redis.stop());

    const mongo = await connectMongo(config, logger);
    cleanups.push(() => mongo.close());

    const connections: RedisClient[] = [];
    const connect = (purpose: string) => {
      // A subscriber's ready check (INFO) would race with the SUBSCRIBE a namespace or the event
      // bus sends as soon as it exists: ioredis refuses INFO in subscriber mode.
      // On a cluster, the socket.io adapter's subscriber uses sharded pub/sub (SSUBSCRIBE).
      const client = createRedisClient(redis.target, purpose, {
        enableReadyCheck: !purpose.endsWith('-sub'),
        shardedSubscribers: purpose === 'socket-adapter-sub',
      });
      connections.push(client);
      return client;
    };
    cleanups.push(async () => {
      await Promise.all(connections.map((client) => closeRedis(client)));
    });

    const events = new EventBus(
      connect('events-pub'),
      connect('events-sub'),
      logger,
      `${config.REDIS_KEY_PREFIX}:domain-events`,
    );
    await events.start();
    cleanups.push(() => events.close());

    const queueConnection = connect('queues');
    const queues = new QueueRegistry(
      queueConnection,
      logger,
      config.REDIS_KEY_PREFIX,
      workerTiming(config),
    );
    cleanups.push(() => queues.close());

    const locks = new RedisKeyedLock(connect('locks'), config.REDIS_KEY_PREFIX);
    const redisCommands = connect('commands');
    const metrics = new ServiceMetrics();
    collectQueueMetrics(metrics, queues);
    let broadcaster: SocketServer | undefined;
    const context: RuntimeContext = {
      broadcaster: () => {
        if (!broadcaster) {
          const detached = createBroadcaster(
            connect('broadcast-pub'),
            connect('broadcast-sub'),
            config.REDIS_KEY_PREFIX,
          );
          cleanups.push(() => closeBroadcaster(detached));
          broadcaster = detached;
        }
        return broadcaster;
      },
      config,
      logger,
      mongo,
      events,
      queues,
      locks,
      redis: redisCommands,
      role,
      metrics,
    };
    await options.configure?.(context);

    const runtime: Runtime = { ...context, close };

    if (role === 'app') {
      const adapterPublisher = connect('socket-adapter-pub');
      const adapterSubscriber = connect('socket-adapter-sub');
      const queueRedis = queueConnection;
      const app = await buildHttpApp({
        logger,
        bodyLimitBytes: config.BODY_LIMIT_BYTES,
        trustedProxies: config.TRUSTED_PROXIES,
        metrics,
        apiInfo: { version: SERVICE_VERSION, serverUrl: () => config.PUBLIC_BASE_URL },
        readinessChecks: {
          mongodb: async () => {
            await mongo.connection.db?.admin().ping();
            if (mongo.connection.readyState !== 1) throw new Error('not connected');
          },
          redis: async () => {
            await queueRedis.ping();
          },
        },
      });
      const tokens = new TokenService(config.JWT_SECRET);
      registerAuthentication(app, config.apiKeys, tokens);
      registerMetricsRoute(app, metrics);
      const io = attachSocketServer(
        app.server,
        adapterPublisher,
        adapterSubscriber,
        config.REDIS_KEY_PREFIX,
      );
      collectSocketMetrics(metrics, io);
      broadcaster = io;
      // Sockets go first, or the server would wait for them forever while closing.
      app.addHook('preClose', async () => closeSocketServer(io));
      cleanups.push(() => app.close());
      await options.configureApp?.({ ...context, app, io, tokens });
      const address = await app.listen({ port: config.PORT, host: config.HOST });
      runtime.app = app;
      runtime.io = io;
      runtime.url = address.replace('[::1]', '127.0.0.1');
    }

    if (config.METRICS_PORT !== undefined) {
      const internal = await startInternalMetricsListener(metrics, config.METRICS_PORT);
      cleanups.push(() => new Promise<void>((resolve) => internal.server.close(() => resolve())));
      runtime.metricsUrl = internal.url;
    }

    if (options.runWorkers ?? (role === 'worker' || config.RUN_WORKERS)) {
      await queues.startWorkers();
    }
    return runtime;
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * PORT=0 (tests, parallel dev instances) picks a free port up front, so that PUBLIC_BASE_URL, which
 * webhooks, signed links and the development stand-ins are built from, names the real address.
 */
async function withConcretePort(config: Config): Promise<Config> {
  if (config.PORT !== 0) return config;
  const port = await findFreePort(config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST);
  const derivedPublicUrl = config.PUBLIC_BASE_URL === 'http://127.0.0.1:0';
  return {
    ...config,
    PORT: port,
    PUBLIC_BASE_URL: derivedPublicUrl ? `http://127.0.0.1:${port}` : config.PUBLIC_BASE_URL,
  };
}
