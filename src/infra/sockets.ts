import { createAdapter } from '@socket.io/redis-adapter';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Redis } from 'ioredis';

/**
 * socket.io on the HTTP server, with the Redis adapter so a room emit reaches sockets on every
 * app node. Namespaces (`/chat`, `/assist`) are added by their connectors with typed event maps.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  publisher: Redis,
  subscriber: Redis,
  keyPrefix: string,
): Server {
  return new Server(httpServer, {
    adapter: createAdapter(publisher, subscriber, { key: `${keyPrefix}:socket.io` }),
    serveClient: false,
    // Chat messages are small; a large frame is a misbehaving client.
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
}

/** Disconnects this node's sockets without touching the HTTP server, which Fastify closes. */
export function closeSocketServer(io: Server): void {
  io.local.disconnectSockets(true);
  io.engine.close();
}
