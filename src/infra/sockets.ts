import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ServerOptions } from 'socket.io';
import { isCluster } from './redis/connection';
import type { RedisClient } from './redis/connection';

/**
 * socket.io on the HTTP server, with the Redis adapter so a room emit reaches sockets on every
 * app node. On one Redis server that is the classic adapter (PUBLISH/PSUBSCRIBE); on a Redis
 * Cluster, the sharded adapter on Redis 7 sharded pub/sub (SPUBLISH/SSUBSCRIBE), whose channels
 * live on one master each, so a message is not copied to every node of the cluster. The cluster
 * subscriber must be created with `shardedSubscribers`. Namespaces (`/chat`, `/assist`) are added
 * by their connectors with typed event maps.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  publisher: RedisClient,
  subscriber: RedisClient,
  keyPrefix: string,
): Server {
  const adapter = redisAdapter(publisher, subscriber, keyPrefix);
  return new Server(httpServer, {
    adapter,
    serveClient: false,
    // Chat messages are small; a large frame is a misbehaving client.
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
}

function redisAdapter(
  publisher: RedisClient,
  subscriber: RedisClient,
  keyPrefix: string,
): ServerOptions['adapter'] {
  return isCluster(publisher)
    ? createShardedAdapter(publisher, subscriber, { channelPrefix: `${keyPrefix}:socket.io` })
    : createAdapter(publisher, subscriber, { key: `${keyPrefix}:socket.io` });
}

/**
 * A socket.io server with no HTTP server and no sockets, on the same adapter: what a worker
 * process emits to a room through it reaches that room's sockets on every app node.
 */
export function createBroadcaster(
  publisher: RedisClient,
  subscriber: RedisClient,
  keyPrefix: string,
): Server {
  return new Server({
    adapter: redisAdapter(publisher, subscriber, keyPrefix),
    serveClient: false,
  });
}

/** Stops a broadcaster's adapters listening (it has no engine or HTTP server to close). */
export async function closeBroadcaster(io: Server): Promise<void> {
  await Promise.allSettled(
    [...io._nsps.values()].map(async (namespace) => namespace.adapter.close()),
  );
}

/** Disconnects this node's sockets without touching the HTTP server, which Fastify closes. */
export function closeSocketServer(io: Server): void {
  io.local.disconnectSockets(true);
  io.engine.close();
}
