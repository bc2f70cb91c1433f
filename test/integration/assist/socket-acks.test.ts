import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { whenConnected } from '../../support/socket';
import { connectConsole, staffUser, startAssistNode } from './assist-harness';
import type { AssistNode, Console } from './assist-harness';

type Answer = { ok: boolean; error?: { code: string; message: string } };

/** Every acknowledged event of each namespace, as a client can send it. */
const assistEvents = [
  'presence:set',
  'handover:accept',
  'handover:decline',
  'handover:transfer',
  'handover:release',
  'handover:close',
  'handover:open',
  'panel:get',
  'timeline:get',
  'cart:add',
  'cart:update',
  'cart:remove',
  'cart:discount',
  'offer:accept',
  'offer:dismiss',
  'link:send',
  'order:place',
  'message:send',
] as const;

/** Raw emits, as an untyped client (or a hand-written one) sends them: the typed map is bypassed. */
function emitRaw(client: Socket, event: string, ...args: unknown[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${event}: no answer`)), 10_000);
    (client.emit as (...all: unknown[]) => unknown)(event, ...args, (answer: Answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

describe('socket events always answer, with a coded error for a missing or bad payload', () => {
  let node: AssistNode;
  let agent: Console;
  let chat: Socket;

  beforeAll(async () => {
    node = await startAssistNode();
    const user = await staffUser(node, { roles: ['agent', 'supervisor'] });
    agent = await connectConsole(node, { token: user.token });
    const visitor = (await (
      await fetch(`${node.url}/api/chat/visitors`, { method: 'POST' })
    ).json()) as { visitorToken: string };
    chat = io(`${node.url}/chat`, {
      auth: { visitorToken: visitor.visitorToken },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await whenConnected(chat);
  });
  afterAll(async () => {
    agent?.close();
    chat?.close();
    await node?.runtime.stop();
  });

  const assist = () => agent.client as unknown as Socket;

  it.each(assistEvents)('/assist %s with no payload, only a callback', async (event) => {
    const answer = await emitRaw(assist(), event);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.any(String) },
    });
  });

  it.each(assistEvents)('/assist %s with wrong-typed payloads', async (event) => {
    for (const payload of [42, 'handover', ['h1'], null, { handoverId: 7 }]) {
      const answer = await emitRaw(assist(), event, payload);
      expect(answer).toEqual({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: expect.any(String) },
      });
    }
  });

  it.each(assistEvents)(
    '/assist %s with a non-function where the callback goes: no answer is owed, the socket lives on',
    async (event) => {
      (assist().emit as (...all: unknown[]) => unknown)(event, { handoverId: 7 }, 'not-a-callback');
      // A callback after stray arguments is still found and answered.
      const answer = await emitRaw(assist(), event, { handoverId: 7 }, 'stray');
      expect(answer.error?.code).toBe('VALIDATION_FAILED');
      expect(assist().connected).toBe(true);
    },
  );

  it('/chat message:send with no payload, wrong-typed payloads and a stray argument', async () => {
    expect(await emitRaw(chat, 'message:send')).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.any(String) },
    });
    for (const payload of [42, 'hello', null, { clientId: 12345678, text: 'hi' }]) {
      expect((await emitRaw(chat, 'message:send', payload)).error?.code).toBe('VALIDATION_FAILED');
    }
    (chat.emit as (...all: unknown[]) => unknown)('message:send', { text: 'x' }, 'not-a-callback');
    expect((await emitRaw(chat, 'message:send', { text: 'x' }, 'stray')).error?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(chat.connected).toBe(true);
  });
});
