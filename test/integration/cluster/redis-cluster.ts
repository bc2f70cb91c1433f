import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { answersPing } from '../../../src/infra/redis/resolve-redis';

/**
 * A throwaway Redis Cluster of three masters (no replicas) on loopback ports, as the cluster tests
 * need it: `redis-server --cluster-enabled yes` per node, then `redis-cli --cluster create`. Nothing
 * is kept on disk but the nodes' cluster files, in a temporary directory removed on stop. Never
 * touches 127.0.0.1:6379.
 */
export interface RedisClusterUnderTest {
  ports: number[];
  /** `REDIS_CLUSTER_NODES` for the app. */
  nodesEnv: string;
  /** Stops one master and starts it again on the same port with the same cluster identity. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** A port P where both P and the cluster bus port P + 10000 are free on loopback. */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (port === 6379 || taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function clusterState(port: number): string {
  const info = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'cluster', 'info'], {
    encoding: 'utf8',
  });
  return /cluster_state:(\w+)/.exec(info.stdout ?? '')?.[1] ?? 'unknown';
}

export async function startRedisCluster(): Promise<RedisClusterUnderTest> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'redis-cluster-'));
  const taken = new Set<number>();
  const ports: number[] = [];
  for (let index = 0; index < 3; index++) {
    const port = await freeClusterPort(taken);
    taken.add(port);
    taken.add(port + 10_000);
    ports.push(port);
  }
  const children = new Map<number, ChildProcess>();
  const startNode = async (port: number) => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        path.join(directory, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '2000',
        '--dir',
        directory,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    children.set(port, child);
    await until(async () => answersPing('127.0.0.1', port), `redis cluster node ${port} not up`);
  };
  const stopNode = async (port: number) => {
    const child = children.get(port);
    children.delete(port);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  const stop = async () => {
    await Promise.all([...children.keys()].map(stopNode));
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await startNode(port);
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) {
      throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    }
    await until(
      () => ports.every((port) => clusterState(port) === 'ok'),
      'the cluster did not become ok',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    nodesEnv: ports.map((port) => `127.0.0.1:${port}`).join(','),
    restart: async (index) => {
      const port = ports[index]!;
      await stopNode(port);
      await startNode(port);
      await until(
        () => ports.every((each) => clusterState(each) === 'ok'),
        'the cluster did not recover',
      );
    },
    stop,
  };
}
