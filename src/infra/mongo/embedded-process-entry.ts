/**
 * The embedded MongoDB-compatible server as a process of its own, so app nodes and workers reach it
 * over the wire exactly as they would a real mongod and its work never runs in their event loops.
 * Started by `startEmbeddedMongoProcess`; it reports its address over IPC and ends with its parent.
 */
import { startEmbeddedMongo } from './embedded';
import type { EmbeddedProcessMessage } from './embedded-process-protocol';

async function run(): Promise<void> {
  const dataDir = process.env.EMBEDDED_MONGO_DATA_DIR || undefined;
  const port = Number(process.env.EMBEDDED_MONGO_PORT ?? '0');
  const host = process.env.EMBEDDED_MONGO_HOST ?? '127.0.0.1';
  const server = await startEmbeddedMongo({ dataDir, port, host });
  let closing = false;
  const close = (code: number) => {
    if (closing) return;
    closing = true;
    // Flushing the journal and compacting happen in close(): wait for them before leaving.
    void server.close().finally(() => process.exit(code));
  };
  // Ctrl-C reaches the whole process group; the parent decides when the database goes away.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => close(0));
  // The parent is gone (crashed or exited): nobody owns this server any more.
  process.on('disconnect', () => close(0));
  process.on('message', (message: EmbeddedProcessMessage) => {
    if (message.type === 'shutdown') close(0);
  });
  const listening: EmbeddedProcessMessage = {
    type: 'listening',
    uri: server.uri,
    port: server.port,
  };
  process.send?.(listening);
}

run().catch((error: unknown) => {
  const failed: EmbeddedProcessMessage = {
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  };
  process.send?.(failed, () => process.exit(1));
  if (!process.send) process.exit(1);
});
