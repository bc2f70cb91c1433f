import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { EmbeddedProcessMessage } from './embedded-process-protocol';

export interface EmbeddedProcessOptions {
  /** Journal and snapshot directory; undefined keeps everything in memory. */
  dataDir?: string;
  /** 0 picks a free port; a restart passes the port it had so connected drivers find it again. */
  port?: number;
  host?: string;
  /** How long the process may take to open its files and listen. */
  startTimeoutMs?: number;
}

export interface EmbeddedMongoProcess {
  uri: string;
  port: number;
  pid: number;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  exited: Promise<number | null>;
  /** Asks the server to flush and stop, and waits for the process to end. */
  close(): Promise<void>;
}

/**
 * The entry point next to this module: compiled JavaScript in `dist/`, TypeScript under tsx or jest
 * (then the child loads tsx, as `npm run dev` does).
 */
function entryPoint(): { file: string; execArgv: string[] } {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `embedded-process-entry${extension}`);
  return { file, execArgv: extension === '.ts' ? ['--import', 'tsx'] : [] };
}

export async function startEmbeddedMongoProcess(
  options: EmbeddedProcessOptions = {},
): Promise<EmbeddedMongoProcess> {
  const { file, execArgv } = entryPoint();
  const child: ChildProcess = fork(file, [], {
    execArgv,
    env: {
      ...process.env,
      EMBEDDED_MONGO_DATA_DIR: options.dataDir ?? '',
      EMBEDDED_MONGO_PORT: String(options.port ?? 0),
      EMBEDDED_MONGO_HOST: options.host ?? '127.0.0.1',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? null : 0)));
  });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const listening = await new Promise<{ uri: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the embedded MongoDB process did not listen within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message: EmbeddedProcessMessage) => {
      if (message.type === 'listening') {
        clearTimeout(timer);
        resolve({ uri: message.uri, port: message.port });
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`the embedded MongoDB process failed to start: ${message.message}`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded MongoDB process exited (${code}) before it listened`));
    });
  });
  // The IPC channel must not keep the parent alive once everything else has finished.
  child.unref();
  child.channel?.unref();
  return {
    ...listening,
    pid: child.pid ?? -1,
    exited,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Held again while it flushes, or the parent's event loop could empty and exit first.
      child.ref();
      child.channel?.ref();
      const shutdown: EmbeddedProcessMessage = { type: 'shutdown' };
      if (child.connected) child.send(shutdown);
      else child.kill('SIGTERM');
      await exited;
    },
  };
}
