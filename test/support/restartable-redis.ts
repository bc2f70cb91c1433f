import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { answersPing } from '../../src/infra/redis/resolve-redis';
import { findFreePort } from '../../src/infra/net';

export interface RestartableRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL, nothing kept) and starts a new, empty one on the same port. */
  restartEmpty(downForMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of one test's own, on a free port, that can be restarted with no data, so that
 * a test can lose Redis' state without disturbing the suite's shared server.
 */
export async function startRestartableRedis(): Promise<RestartableRedis> {
  const port = await findFreePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restartEmpty(downForMs = 200) {
      await kill(child, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, downForMs));
      child = await launch(port);
    },
    stop: () => kill(child, 'SIGTERM'),
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 5000;
  while (!(await answersPing('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}
