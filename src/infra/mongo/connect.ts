import path from 'node:path';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedMongoProcess } from './embedded-process';
import type { EmbeddedMongoProcess } from './embedded-process';
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
 * MONGODB_URI points at a real MongoDB; without it the embedded wire-compatible server starts as
 * a process of its own on a free loopback port. Nothing outside infra/ can tell the two apart.
 */
export async function connectMongo(
  config: Pick<Config, 'MONGODB_URI' | 'MONGODB_DATA_DIR'>,
  logger: Logger,
  options: { onFatal?: (error: Error) => void } = {},
): Promise<MongoHandle> {
  const onFatal = options.onFatal ?? stopTheProcess(logger);
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
  const embedded = await superviseEmbeddedMongo(dataDir, logger, onFatal).catch(
    (error: unknown) => {
      if (dataDir) releaseOwnership(dataDir);
      throw error;
    },
  );
  if (dataDir) {
    publishOwnerAddress(dataDir, embedded.uri);
  }
  const connection = await mongoose
    .createConnection(embedded.uri, { dbName: DATABASE })
    .asPromise();
  logger.info(
    { port: embedded.port, mongoPid: embedded.pid(), dataDir: dataDir ?? 'memory' },
    'started the embedded MongoDB-compatible server in its own process',
  );
  return {
    connection,
    description: `embedded MongoDB (${dataDir ?? 'memory only'}, process ${embedded.pid()})`,
    close: async () => {
      await connection.close();
      await embedded.close();
      if (dataDir) releaseOwnership(dataDir);
    },
  };
}

/** Restarts within this window count together; more than this many means the server cannot run. */
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS_IN_WINDOW = 5;

interface SupervisedEmbeddedMongo {
  uri: string;
  port: number;
  pid(): number;
  close(): Promise<void>;
}

/**
 * Keeps the embedded server's process running: a crash is reported and the process restarted on
 * the same port (drivers reconnect by themselves, and /ready says not-ready meanwhile). When it
 * cannot be brought back, `onFatal` stops the service instead of letting it serve without a database.
 */
async function superviseEmbeddedMongo(
  dataDir: string | undefined,
  logger: Logger,
  onFatal: (error: Error) => void,
): Promise<SupervisedEmbeddedMongo> {
  let current: EmbeddedMongoProcess = await startEmbeddedMongoProcess({ dataDir });
  const port = current.port;
  let closing = false;
  const restarts: number[] = [];

  const watch = (child: EmbeddedMongoProcess) => {
    void child.exited.then(async (code) => {
      if (closing) return;
      logger.error(
        { code, mongoPid: child.pid },
        'the embedded MongoDB process exited; restarting it',
      );
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS_IN_WINDOW) {
        onFatal(new Error('the embedded MongoDB process keeps exiting'));
        return;
      }
      try {
        current = await startEmbeddedMongoProcess({ dataDir, port });
        logger.warn({ mongoPid: current.pid }, 'the embedded MongoDB process is back');
        watch(current);
      } catch (error) {
        onFatal(error instanceof Error ? error : new Error(String(error)));
      }
    });
  };
  watch(current);

  return {
    uri: current.uri,
    port,
    pid: () => current.pid,
    close: async () => {
      closing = true;
      await current.close();
    },
  };
}

/** Without a supervisor of its own, the service stops (exit code 1) rather than run without data. */
function stopTheProcess(logger: Logger): (error: Error) => void {
  return (error) => {
    logger.fatal({ err: error }, 'the embedded MongoDB cannot be restarted; stopping');
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  };
}

function redactCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}
