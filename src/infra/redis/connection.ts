import { Cluster, Redis } from 'ioredis';
import type { ClusterOptions, RedisOptions } from 'ioredis';

/** A connection to one Redis server or to a Redis Cluster: both answer the commands used here. */
export type RedisClient = Redis | Cluster;

export interface RedisNode {
  host: string;
  port: number;
}

/** Where Redis is: one server by URL, or a cluster by some of its nodes (the rest are discovered). */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | {
      kind: 'cluster';
      nodes: readonly RedisNode[];
      /** Username and password every node shares, when the cluster requires them. */
      username?: string;
      password?: string;
    };

/**
 * One factory for every Redis connection. BullMQ needs `maxRetriesPerRequest: null` on the
 * connections its workers block on; pub/sub subscribers need their own connection.
 */
export function createRedis(url: string, purpose: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `omnichannel:${purpose}`,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...options,
  });
}

export interface ClientOptions {
  /** Off for subscribers: ioredis refuses the ready check's INFO in subscriber mode. */
  enableReadyCheck?: boolean;
  /**
   * On a cluster, one subscriber connection per master for SSUBSCRIBE (sharded pub/sub, which the
   * socket.io sharded adapter uses); ignored on a single server.
   */
  shardedSubscribers?: boolean;
}

/** `createRedis` for either kind of target. */
export function createRedisClient(
  target: RedisTarget,
  purpose: string,
  options: ClientOptions = {},
): RedisClient {
  const enableReadyCheck = options.enableReadyCheck ?? true;
  if (target.kind === 'single') return createRedis(target.url, purpose, { enableReadyCheck });
  const clusterOptions: ClusterOptions = {
    enableReadyCheck,
    // Commands wait through a failover (a replica promoted, a master restarted) instead of failing.
    maxRedirections: 32,
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
    retryDelayOnTryAgain: 200,
    slotsRefreshTimeout: 2000,
    shardedSubscribers: options.shardedSubscribers ?? false,
    redisOptions: {
      connectionName: `omnichannel:${purpose}`,
      maxRetriesPerRequest: null,
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
    },
  };
  return new Cluster(
    target.nodes.map((node) => ({ host: node.host, port: node.port })),
    clusterOptions,
  );
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/**
 * The key prefix of one BullMQ queue. BullMQ's scripts touch several keys of a queue at once, so on
 * a cluster they must share a hash slot: the queue's name in braces (`omnichannel:{sms-inbound}`)
 * puts each queue on its own slot, spread over the masters, rather than every queue on one. On a
 * single server the prefix is the plain REDIS_KEY_PREFIX, as before, so existing jobs stay found.
 */
export function queueKeyPrefix(prefix: string, queueName: string, cluster: boolean): string {
  return cluster ? `${prefix}:{${queueName}}` : prefix;
}
