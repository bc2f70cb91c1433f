import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(__dirname, '../..');

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Every log line the process wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `src/main.ts` (or `src/worker.ts`) as its own process, exactly as `npm start` would run the
 * build, and resolves once it logs that it is ready.
 */
export async function startServiceProcess(
  env: Record<string, string>,
  entry: 'main' | 'worker' = 'main',
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src', `${entry}.ts`)],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service not ready within 30 s:\n${stderr}`)),
      30_000,
    );
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entryLog = JSON.parse(line) as Record<string, unknown>;
        logs.push(entryLog);
        if (typeof entryLog.url === 'string' || entryLog.msg === 'worker ready') {
          clearTimeout(timer);
          resolve(typeof entryLog.url === 'string' ? entryLog.url : '');
        }
      } catch {
        // Not a log line.
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  const url = await ready;
  return {
    child,
    url,
    logs,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs an entry point expected to fail at start-up, and returns its exit code and stderr. */
export function runToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}
