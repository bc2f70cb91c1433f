/**
 * In-process MongoDB-wire-compatible server for tests and local runs. It presents itself as the
 * primary of a one-node replica set so drivers enable sessions, retryable writes and transactions.
 */
import { ObjectId } from 'mongodb';
import { Catalog } from './catalog';
import type { ServerState } from './commands';
import { CursorRegistry } from './cursors';
import { Persistence } from './persistence';
import { WireServer } from './server';
import { TransactionManager } from './transactions';

export interface EmbeddedMongoOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Directory for the journal and snapshot; undefined keeps everything in memory. */
  dataDir?: string;
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  /** Flushes to disk when a dataDir is set and closes all sockets. */
  close(): Promise<void>;
}

export async function startEmbeddedMongo(
  options: EmbeddedMongoOptions = {},
): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const catalog = new Catalog();
  const persistence = options.dataDir ? Persistence.open(options.dataDir, catalog) : undefined;
  const info = {
    host,
    port: options.port ?? 0,
    processId: new ObjectId(),
    electionId: new ObjectId(),
    startedAt: new Date(),
  };
  const connections = { count: () => 0 };
  const state: ServerState = {
    catalog,
    txns: new TransactionManager(catalog),
    cursors: new CursorRegistry(),
    info,
    connectionCount: () => connections.count(),
  };
  const server = new WireServer(state, { afterCommand: () => persistence?.flush() });
  connections.count = () => server.connectionCount;
  const port = await server.listen(host, info.port);
  info.port = port;
  let closed = false;
  return {
    // directConnection avoids host-list matching; the hello reply still says replica-set primary.
    uri: `mongodb://${host}:${port}/?directConnection=true`,
    port,
    async close() {
      if (closed) return;
      closed = true;
      state.txns.endAll();
      await server.close();
      persistence?.close();
    },
  };
}
