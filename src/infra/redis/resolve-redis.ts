import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import type { Logger } from '../logger';
import { findFreePort } from '../net';
import type { RedisNode, RedisTarget } from './connection';

export interface ResolvedRedis {
  url: string;
  /** Stops the throwaway server when this process started one; a no-op otherwise. */
  stop(): Promise<void>;
}

const DEFAULT_LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };

export class RedisUnavailableError extends Error {
  constructor() {
    super(
      'No Redis server answers at redis://127.0.0.1:6379 and `redis-server` is not installed.\n' +
        'Install one (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`) ' +
        'or set REDIS_URL to a running server.',
    );
    this.name = 'RedisUnavailableError';
  }
}

/**
 * REDIS_URL wins; otherwise a local Redis on the default port; otherwise a throwaway
 * `redis-server` child that keeps nothing on disk, so a fresh machine still starts.
 */
export async function resolveRedis(
  configuredUrl: string | undefined,
  logger: Logger,
): Promise<ResolvedRedis> {
  if (configuredUrl) return { url: configuredUrl, stop: async () => undefined };
  if (await answersPing(DEFAULT_LOCAL_REDIS.host, DEFAULT_LOCAL_REDIS.port)) {
    return { url: 'redis://127.0.0.1:6379', stop: async () => undefined };
  }
  if (!isRedisServerInstalled()) throw new RedisUnavailableError();
  const server = await startThrowawayRedis();
  logger.info({ port: server.port }, 'started a throwaway redis-server (nothing is kept on disk)');
  return server;
}

export interface ResolvedRedisTarget {
  target: RedisTarget;
  stop(): Promise<void>;
}

/**
 * REDIS_CLUSTER_NODES names a cluster, used as given; otherwise one server as `resolveRedis` finds
 * it (REDIS_URL, the local default, or a throwaway server).
 */
export async function resolveRedisTarget(
  config: {
    REDIS_URL?: string | undefined;
    REDIS_CLUSTER_NODES?:
      { nodes: readonly RedisNode[]; username?: string; password?: string } | undefined;
  },
  logger: Logger,
): Promise<ResolvedRedisTarget> {
  const cluster = config.REDIS_CLUSTER_NODES;
  if (cluster) {
    return {
      target: {
        kind: 'cluster',
        nodes: cluster.nodes,
        ...(cluster.username === undefined ? {} : { username: cluster.username }),
        ...(cluster.password === undefined ? {} : { password: cluster.password }),
      },
      stop: async () => undefined,
    };
  }
  const single = await resolveRedis(config.REDIS_URL, logger);
  return { target: { kind: 'single', url: single.url }, stop: () => single.stop() };
}

export function isRedisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface ThrowawayRedis extends ResolvedRedis {
  port: number;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await findFreePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', detached: false },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 5000;
  while (!(await answersPing('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A raw RESP PING, so probing does not need a client that would retry forever. */
export function answersPing(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}
