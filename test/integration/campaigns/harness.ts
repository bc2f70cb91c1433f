import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { newCustomerDocument } from '../../../src/domain/customers/customer-service';
import type { CreateCustomerInput } from '../../../src/domain/customers/customer-input';
import type { Clock } from '../../../src/domain/shared/clock';
import type { CampaignsFeatureOptions } from '../../../src/features/campaigns';
import { seedDemoData } from '../../../src/seed/demo-data';
import { seedDemoUsers } from '../../../src/seed/users';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import { createCampaignStack } from './campaign-stack';
import type { CampaignStack } from './campaign-stack';

export const MANAGER_KEY = 'campaign-tool-secret-0123456789';
export const AGENT_KEY = 'agent-desk-secret-0123456789';
export const DEMO_PASSWORD = 'test-only-Pa55word-campaigns';

export interface CampaignNode {
  runtime: TestRuntime;
  stack: CampaignStack;
  api(pathname: string, init?: RequestInit & { token?: string }): Promise<Response>;
  json<T>(pathname: string, init?: RequestInit & { token?: string }): Promise<T>;
  outbox(): Promise<OutboxEntry[]>;
}

export interface OutboxEntry {
  sid: string;
  to: string;
  body: string;
  status: string;
}

export async function startCampaignNode(
  options: {
    clock?: Clock;
    campaigns?: CampaignsFeatureOptions;
    runWorkers?: boolean;
    mongoUri?: string;
    /** Configuration overrides (a Redis of the test's own, say). */
    env?: Record<string, string>;
  } = {},
): Promise<CampaignNode> {
  const stack = createCampaignStack({
    ...(options.clock ? { clock: options.clock } : {}),
    campaigns: { claimLeaseMs: 2000, ...options.campaigns },
  });
  const runtime = await startTestRuntime({
    env: {
      API_KEYS: `campaign-tool:campaign-manager:${MANAGER_KEY},desk:agent:${AGENT_KEY}`,
      ...options.env,
    },
    ...(options.mongoUri ? { mongoUri: options.mongoUri } : {}),
    ...(options.runWorkers === undefined ? {} : { runWorkers: options.runWorkers }),
    configure: async (context) => {
      await stack.configure(context);
      await seedDemoData({
        catalog: stack.catalog.services.catalog,
        customerModels: stack.customers.services.models,
      });
      await seedDemoUsers({ users: stack.users.services.users }, DEMO_PASSWORD);
    },
    configureApp: stack.configureApp,
  });
  const api = (pathname: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${runtime.url}${pathname}`, {
      redirect: 'manual',
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        authorization: `Bearer ${init.token ?? MANAGER_KEY}`,
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const json = async <T>(pathname: string, init: RequestInit & { token?: string } = {}) => {
    const response = await api(pathname, init);
    const body = (await response.json()) as T;
    if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  return {
    runtime,
    stack,
    api,
    json,
    outbox: async () =>
      (
        (await (await fetch(`${runtime.url}/dev/twilio/messages`)).json()) as {
          messages: OutboxEntry[];
        }
      ).messages,
  };
}

/**
 * Customers for a campaign: consumers in London on Ofcom's drama numbers (+447700900200 on),
 * opted in to marketing SMS unless `optedOut` lists their index. Their region is the prefix
 * (unless given), so a test's audience is `{ region: prefix }`.
 */
export function generatedCustomers(
  count: number,
  options: {
    prefix?: string;
    optedOut?: number[];
    timezone?: string;
    firstNumber?: number;
    region?: string;
    /** Her number, instead of one in the drama range from `firstNumber` on. */
    mobile?: (index: number) => string;
  } = {},
): CreateCustomerInput[] {
  const prefix = options.prefix ?? 'cust-gen';
  const names = ['Amelia', 'Oliver', 'Isla', 'Noah', 'Ava', 'Leo', 'Mia', 'Arthur', 'Freya', 'Zoë'];
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${String(index).padStart(4, '0')}`,
    name: { given: names[index % names.length]!, family: `Tester${index}` },
    status: 'active',
    segment: 'consumer',
    language: 'en-GB',
    timezone: options.timezone ?? 'Europe/London',
    region: options.region ?? prefix,
    mobile:
      options.mobile?.(index) ??
      `+447700900${String((options.firstNumber ?? 200) + index).padStart(3, '0')}`,
    customerSince: '2022-01-10T09:00:00Z',
    subscriptions: [],
    identities: [],
    smsMarketing: {
      status: options.optedOut?.includes(index) ? 'opted-out' : 'opted-in',
      source: 'selfcare',
      at: '2022-01-10T09:05:00Z',
    },
  }));
}

export async function insertCustomers(node: CampaignNode, inputs: CreateCustomerInput[]) {
  const now = new Date();
  await node.stack.customers.services.models.Customer.insertMany(
    inputs.map((input) => newCustomerDocument(input, now)),
  );
}

export interface CampaignStatsBody {
  status: string;
  targeted: number;
  sent: number;
  deferred: number;
  skipped: Record<string, number>;
  delivered: number;
  failed: number;
  clicked: number;
  converted: number;
  revenue: { currency: string; oneTime: number; recurring: number } | null;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  describe = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${describe} not met in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WorkerProcess {
  child: ChildProcess;
  /** How many jobs of each queue this process finished (completed or failed), from its log. */
  jobsRun: Map<string, number>;
  /** The last lines it logged (stdout and stderr), to explain a failure. */
  logTail(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The campaign stack as a worker process of its own (the crash test kills it with SIGKILL). */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const root = path.resolve(__dirname, '../../..');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'campaign-worker.ts')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const jobsRun = new Map<string, number>();
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    if (recent.length > 30) recent.shift();
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) remember(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${stderr}`)), 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      if (line.includes('"job outcome"')) {
        const queue = /"queue":"([^"]+)"/.exec(line)?.[1];
        if (queue) jobsRun.set(queue, (jobsRun.get(queue) ?? 0) + 1);
      }
      if (line.includes('"worker ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited before it was ready:\n${stderr}`));
    });
  });
  return {
    child,
    jobsRun,
    logTail: () => recent.join('\n'),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
