import path from 'node:path';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedMongo } from './embedded';
import {
  claimOwnership,
  publishOwnerAddress,
  readLiveOwner,
  releaseOwnership,
} from './embedded-lock';

const DATABASE = 'omnichannel';

export interface MongoHandle {
  connection: Connection;
  /** Where the data lives, for logs: never includes credentials. */
  description: string;
  close(): Promise<void>;
}

/**
 * MONGODB_URI points at a real MongoDB; without it the embedded wire-compatible server starts
 * in-process on a free loopback port. Nothing outside infra/ can tell the two apart.
 */
export async function connectMongo(
  config: Pick<Config, 'MONGODB_URI' | 'MONGODB_DATA_DIR'>,
  logger: Logger,
): Promise<MongoHandle> {
  if (config.MONGODB_URI) {
    const connection = await mongoose.createConnection(config.MONGODB_URI).asPromise();
    return {
      connection,
      description: `MongoDB at ${redactCredentials(config.MONGODB_URI)}`,
      close: () => connection.close(),
    };
  }
  const dataDir =
    config.MONGODB_DATA_DIR === 'memory' ? undefined : path.resolve(config.MONGODB_DATA_DIR);
  const owner = dataDir ? readLiveOwner(dataDir) : undefined;
  if (owner) {
    const connection = await mongoose.createConnection(owner.uri, { dbName: DATABASE }).asPromise();
    logger.info({ ownerPid: owner.pid }, 'joined the embedded MongoDB server of another process');
    return {
      connection,
      description: `embedded MongoDB of process ${owner.pid}`,
      close: () => connection.close(),
    };
  }
  // The lock is claimed before the server opens the files, so two starts never share them.
  if (dataDir && !claimOwnership(dataDir, 'starting')) {
    throw new Error(`another process is starting the embedded MongoDB in ${dataDir}; retry`);
  }
  const embedded = await startEmbeddedMongo({ dataDir }).catch((error: unknown) => {
    if (dataDir) releaseOwnership(dataDir);
    throw error;
  });
  if (dataDir) {
    publishOwnerAddress(dataDir, embedded.uri);
  }
  const connection = await mongoose
    .createConnection(embedded.uri, { dbName: DATABASE })
    .asPromise();
  logger.info(
    { port: embedded.port, dataDir: dataDir ?? 'memory' },
    'started the embedded MongoDB-compatible server',
  );
  return {
    connection,
    description: `embedded MongoDB (${dataDir ?? 'memory only'})`,
    close: async () => {
      await connection.close();
      await embedded.close();
      if (dataDir) releaseOwnership(dataDir);
    },
  };
}

function redactCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}
