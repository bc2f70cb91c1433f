import { whenConnected } from '../../support/socket';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  HandoverView,
  PanelPatch,
  PanelView,
  ServerToClientEvents,
  AgentSessionView,
} from '../../../src/assist/assist-events';
import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { createAssistFeature } from '../../../src/features/assist';
import type { AssistFeature } from '../../../src/features/assist';
import type { UsersFeature } from '../../../src/features/users';
import type { WebchatFeature } from '../../../src/features/webchat';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

export type AgentClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export const PASSWORD = 'correct-horse-battery-staple';

export interface AssistNode {
  runtime: TestRuntime;
  url: string;
  app: ApplicationFeatures;
  users: UsersFeature;
  webchat: WebchatFeature;
  assist: AssistFeature;
}

/**
 * The whole application as src/features.ts composes it, with the demo catalog and customers, and
 * assist wired beside it until the composition root carries it.
 */
export async function startAssistNode(
  options: { mongoUri?: string; seed?: boolean; env?: Record<string, string> } = {},
): Promise<AssistNode> {
  const app = createApplicationFeatures();
  const { assist, own } = assistOf(app);
  const runtime = await startTestRuntime({
    ...(options.mongoUri ? { mongoUri: options.mongoUri } : {}),
    ...(options.env ? { env: options.env } : {}),
    configure: async (context) => {
      await app.configure(context);
      await own?.configure(context);
      if (options.seed !== false) {
        await seedDemoData({
          catalog: app.catalog.services.catalog,
          customerModels: app.customers.services.models,
        });
      }
    },
    configureApp: async (context) => {
      await app.configureApp(context);
      own?.configureApp(context);
    },
  });
  return { runtime, url: runtime.url!, app, users: app.users, webchat: app.webchat, assist };
}

/** The application's assist feature once src/features.ts composes it; until then, one wired here. */
export function assistOf(app: ApplicationFeatures): { assist: AssistFeature; own?: AssistFeature } {
  const composed = (app as { assist?: AssistFeature }).assist;
  if (composed) return { assist: composed };
  const own = createAssistFeature({
    services: () => ({
      customers: app.customers.services.customers,
      identities: app.customers.services.identities,
      interactions: app.customers.services.interactions,
      carts: app.commerce.services.carts,
      quotes: app.commerce.services.quotes,
      orders: app.commerce.services.orders,
      offers: app.catalog.services.offers,
      users: app.users.services.users,
      sms: app.twilio.smsSender(),
    }),
    bot: () => app.bot.engine(),
    chat: () => app.webchat.outbox(),
  });
  return { assist: own, own };
}

let userCounter = 0;

/** A staff user with a unique username; returns her id and a sign-in token from the real route. */
export async function staffUser(
  node: AssistNode,
  options: {
    roles?: Array<'agent' | 'supervisor' | 'campaign-manager'>;
    queues?: string[];
    maxConcurrent?: number;
    name?: string;
  } = {},
): Promise<{ id: string; username: string; token: string }> {
  userCounter += 1;
  const username = `agent.${process.pid}.${userCounter}`;
  const user = await node.users.services.users.create({
    username,
    displayName: options.name ?? `Agent ${userCounter}`,
    roles: options.roles ?? ['agent'],
    password: PASSWORD,
    queues: options.queues ?? ['sales', 'voice'],
    maxConcurrent: options.maxConcurrent ?? 3,
  });
  return { id: user.id, username, token: await signIn(node, username) };
}

export async function signIn(
  node: AssistNode,
  username: string,
  password = PASSWORD,
): Promise<string> {
  const response = await fetch(`${node.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Everything a console received, so tests wait for what they expect. */
export class Console {
  sessions: AgentSessionView[] = [];
  queues: Array<{ waiting: HandoverView[] }> = [];
  conversationLists: Array<{ items: PanelView[] }> = [];
  conversations: PanelView[] = [];
  updates: HandoverView[] = [];
  patches: PanelPatch[] = [];

  constructor(readonly client: AgentClient) {
    client.on('session', (session) => this.sessions.push(session));
    client.on('queue', (queue) => this.queues.push(queue));
    client.on('conversations', (list) => this.conversationLists.push(list));
    client.on('conversation', (panel) => this.conversations.push(panel));
    client.on('handover:updated', (handover) => this.updates.push(handover));
    client.on('panel:patch', (patch) => this.patches.push(patch));
  }

  /** Resolves with the server's answer, or throws with its error message. */
  async call<E extends keyof ClientToServerEvents>(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ) {
    const emit = this.client.timeout(20_000).emitWithAck as unknown as (
      event: string,
      payload: unknown,
    ) => Promise<
      { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>
    >;
    return emit.call(this.client.timeout(20_000), event, payload);
  }

  close(): void {
    this.client.close();
  }
}

export async function connectConsole(
  node: AssistNode,
  auth: Record<string, string> | undefined,
): Promise<Console> {
  const client: AgentClient = io(`${node.url}/assist`, {
    ...(auth ? { auth } : {}),
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const console = new Console(client);
  await whenConnected(client);
  // Welcome is complete once the conversation list arrived.
  await eventually(async () => console.conversationLists.length > 0);
  return console;
}

/** Polls `probe` until it returns something truthy (or the time runs out). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Texts the service through the Twilio stand-in (signed webhook, the bot answers from a queue). */
export async function textFrom(node: AssistNode, from: string, body: string): Promise<void> {
  const response = await fetch(`${node.url}/dev/twilio/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  if (response.status !== 201)
    throw new Error(`inject failed: ${response.status} ${await response.text()}`);
}

export async function outboxTo(
  node: AssistNode,
  to: string,
): Promise<Array<{ to: string; body: string }>> {
  const response = await fetch(`${node.url}/dev/twilio/messages`);
  const { messages } = (await response.json()) as { messages: Array<{ to: string; body: string }> };
  return messages.filter((message) => message.to === to);
}
