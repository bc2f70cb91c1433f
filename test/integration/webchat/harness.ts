import { whenConnected } from '../../support/socket';
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ConversationEngine, InboundTurn, TurnResult } from '../../../src/bot/conversation';
import type { Reply } from '../../../src/bot/rendering/reply';
import type {
  ChatHistory,
  ChatMessageView,
  ChatSession,
  ClientToServerEvents,
  SendMessageAck,
  SendMessagePayload,
  ServerToClientEvents,
} from '../../../src/connectors/webchat/chat-events';
import type { ChatLimits } from '../../../src/connectors/webchat/chat-limits';
import type { SmsCodeSender } from '../../../src/domain/customers/identity-ports';
import type { IdentityService } from '../../../src/domain/customers/identity-service';
import type { PartyRef } from '../../../src/domain/shared/party';
import { createCustomersFeature } from '../../../src/features/customers';
import type { CustomersFeature } from '../../../src/features/customers';
import { createWebchatFeature } from '../../../src/features/webchat';
import type { WebchatFeature } from '../../../src/features/webchat';
import { seedCustomers } from '../../../src/seed/customers';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The SMS code port as an outbox the test reads, as the Twilio stand-in's would be. */
export class CodeOutbox implements SmsCodeSender {
  readonly sent: Array<{ to: string; code: string }> = [];

  async sendCode(to: string, code: string): Promise<void> {
    this.sent.push({ to, code });
  }

  lastCodeFor(to: string): string {
    const found = [...this.sent].reverse().find((message) => message.to === to);
    if (!found) throw new Error(`no code was sent to ${to}`);
    return found.code;
  }
}

const choices: Reply = {
  blocks: [
    {
      kind: 'choices',
      prompt: 'What would you like to look at?',
      options: [
        { id: 'offering-data-boost', label: 'Data Boost', price: {} },
        { id: 'offering-roaming-pass', label: 'EU Roaming Pass' },
      ],
    },
  ],
};

/**
 * A stand-in for the conversation engine, small enough to read: it echoes text with a choices
 * block, answers a message id once, links a visitor who types `code 123456` after a code was sent
 * to Stacy, fails on `fail`, and on `think hard` waits until the test releases it. It records every turn it was asked to answer.
 */
export class EchoEngine implements ConversationEngine {
  readonly turns: InboundTurn[] = [];
  private readonly answered = new Set<string>();
  private held: Array<() => void> = [];

  constructor(
    private readonly identities: () => IdentityService,
    private readonly mobile: string,
  ) {}

  async handleTurn(turn: InboundTurn): Promise<TurnResult> {
    this.turns.push(turn);
    if (this.answered.has(turn.messageId)) return { replies: [], party: turn.party };
    this.answered.add(turn.messageId);
    if (turn.text === 'fail') throw new Error('the engine broke');
    if (turn.text === 'think hard') await new Promise<void>((resolve) => this.held.push(resolve));
    const code = /^code (\d{6})$/.exec(turn.text ?? '');
    if (code?.[1] && turn.visitorId) {
      const link = await this.identities().verifySmsCode(turn.visitorId, this.mobile, code[1]);
      return {
        replies: [{ blocks: [{ kind: 'text', text: 'Thanks, you are signed in.' }] }],
        party: { customerId: link.customerId },
      };
    }
    const said = turn.text ?? `pressed ${turn.value}`;
    return {
      replies: [{ blocks: [{ kind: 'text', text: `You said: ${said}` }] }, choices],
      party: turn.party,
    };
  }

  async greet(_channel: string, party: PartyRef): Promise<TurnResult> {
    return {
      replies: [{ blocks: [{ kind: 'text', text: 'Hello! Ask me about plans and add-ons.' }] }],
      party,
    };
  }

  /** Lets the turns waiting on `think hard` finish. */
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }

  turnsFor(messageId: string): InboundTurn[] {
    return this.turns.filter((turn) => turn.messageId === messageId);
  }
}

export interface ChatNode {
  runtime: TestRuntime;
  url: string;
  customers: CustomersFeature;
  webchat: WebchatFeature;
  engine: EchoEngine;
  codes: CodeOutbox;
}

/** An app node with customers (identity) and web chat, answering through the echo engine. */
export async function startChatNode(
  options: {
    mongoUri?: string;
    limits?: Partial<ChatLimits>;
    mobile?: string;
    /** Extra routes (a test page). */
    configureApp?: (app: FastifyInstance) => void;
  } = {},
): Promise<ChatNode> {
  const codes = new CodeOutbox();
  const customers = createCustomersFeature({ smsCodeSender: codes });
  const identities = () => customers.services.identities;
  const engine = new EchoEngine(identities, options.mobile ?? '+447700900123');
  const webchat = createWebchatFeature({
    engine: () => engine,
    identities,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  customers.services.registerMergeParticipant(webchat.visitorMerge);
  const runtime = await startTestRuntime({
    ...(options.mongoUri ? { mongoUri: options.mongoUri } : {}),
    configure: async (context) => {
      await customers.configure(context);
      await webchat.configure(context);
      await seedCustomers(customers.services.models);
    },
    configureApp: (context) => {
      customers.configureApp(context);
      webchat.configureApp(context);
      options.configureApp?.(context.app);
    },
  });
  return { runtime, url: runtime.url!, customers, webchat, engine, codes };
}

export async function createVisitor(
  node: ChatNode,
): Promise<{ visitorToken: string; visitorId: string }> {
  const response = await fetch(`${node.url}/api/chat/visitors`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`visitor not created: ${response.status}`);
  return (await response.json()) as { visitorToken: string; visitorId: string };
}

/** Everything a client was sent, in order, so tests wait for what they expect. */
export class Received {
  readonly messages: ChatMessageView[] = [];
  readonly histories: ChatHistory[] = [];
  readonly typing: boolean[] = [];
  readonly sessions: ChatSession[] = [];

  constructor(client: ChatClient) {
    client.on('message', (message) => this.messages.push(message));
    client.on('history', (history) => this.histories.push(history));
    client.on('typing', (state) => this.typing.push(state.on));
    client.on('session', (session) => this.sessions.push(session));
  }

  texts(): string[] {
    return this.messages.map(textOf);
  }

  async message(accept: (message: ChatMessageView) => boolean): Promise<ChatMessageView> {
    return eventually(async () => this.messages.find(accept));
  }

  async history(count = 1): Promise<ChatHistory> {
    return eventually(async () => this.histories[count - 1]);
  }
}

/** What a message says: typed text, a pressed label, or the rendered bubbles' texts. */
export function textOf(message: ChatMessageView): string {
  if (message.direction === 'in') return message.text ?? message.label ?? message.value ?? '';
  return (message.rendering?.messages ?? []).map((bubble) => bubble.text).join('\n');
}

/** Whether a message says `text`: as typed, or as one of the bot's bubbles. */
export function says(message: ChatMessageView, text: string): boolean {
  if (message.direction === 'in') return textOf(message) === text;
  return (message.rendering?.messages ?? []).some((bubble) => bubble.text === text);
}

/** A connected client and what it receives; rejects with the server's refusal if refused. */
export async function connectChat(
  node: ChatNode,
  auth: Record<string, string>,
): Promise<{ client: ChatClient; received: Received }> {
  const client: ChatClient = io(`${node.url}/chat`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const received = new Received(client);
  await whenConnected(client);
  return { client, received };
}

let counter = 0;

/** A client id as a browser makes them. */
export function clientId(): string {
  counter += 1;
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}

export function send(
  client: ChatClient,
  payload: Omit<SendMessagePayload, 'clientId'> & { clientId?: string },
): Promise<SendMessageAck> {
  return client
    .timeout(10_000)
    .emitWithAck('message:send', { clientId: clientId(), ...payload } as SendMessagePayload);
}

/** Polls `probe` until it returns something truthy (or the time runs out). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
