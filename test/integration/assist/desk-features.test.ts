import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import type { FloorView, QuoteSummaryView } from '../../../src/assist/assist-events';
import {
  connectConsole,
  eventually,
  outboxTo,
  startAssistNode,
  staffUser,
  textFrom,
} from './assist-harness';
import type { AssistNode, Console } from './assist-harness';

const NORTHWIND_MOBILE = '+447700900456';

/** The desk's own endpoints: saved replies over HTTP, and the floor, reassignment and quotes over the socket. */
describe('the agent desk: saved replies, the floor, reassignment, quotes', () => {
  let node: AssistNode;
  const consoles: Console[] = [];
  const url = () => `${node.url}/api/assist/canned-replies`;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    node = await startAssistNode();
  });
  afterAll(async () => {
    for (const console of consoles) console.close();
    await node?.runtime.stop();
  });

  it('saved replies: agents read, only supervisors write, input is checked, shortcuts are unique', async () => {
    const agent = await staffUser(node);
    const supervisor = await staffUser(node, { roles: ['agent', 'supervisor'] });
    const reply = {
      shortcut: 'Hello',
      title: 'Greeting',
      text: 'Hello {firstName}, how can I help?',
    };

    expect((await call('GET', url())).status).toBe(401);
    expect((await call('POST', url(), agent.token, reply)).status).toBe(403);
    const invalid = await call('POST', url(), supervisor.token, {
      ...reply,
      shortcut: 'no spaces',
    });
    expect(invalid.status).toBe(400);
    const extra = await call('POST', url(), supervisor.token, { ...reply, colour: 'red' });
    expect(extra.status).toBe(400);

    const created = await call('POST', url(), supervisor.token, reply);
    expect(created.status).toBe(201);
    const saved = (await created.json()) as { id: string; shortcut: string };
    expect(saved.shortcut).toBe('hello');
    expect((await call('POST', url(), supervisor.token, reply)).status).toBe(409);

    const listed = (await (await call('GET', url(), agent.token)).json()) as {
      items: Array<{ id: string; text: string }>;
    };
    expect(listed.items.map((item) => item.id)).toContain(saved.id);

    expect((await call('PATCH', `${url()}/${saved.id}`, agent.token, { title: 'x' })).status).toBe(
      403,
    );
    const patched = await call('PATCH', `${url()}/${saved.id}`, supervisor.token, { title: 'Hi' });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { title: string }).title).toBe('Hi');

    expect((await call('DELETE', `${url()}/${saved.id}`, agent.token)).status).toBe(403);
    expect((await call('DELETE', `${url()}/${saved.id}`, supervisor.token)).status).toBe(204);
    expect((await call('DELETE', `${url()}/${saved.id}`, supervisor.token)).status).toBe(404);
  });

  it('the floor and reassignment are for supervisors; a quote is created and texted to her', async () => {
    const alex = await staffUser(node, { name: 'Alex Floor' });
    const alexConsole = await connectConsole(node, { token: alex.token });
    consoles.push(alexConsole);

    // Northwind texts for a person; Alex gets it and accepts.
    await textFrom(node, NORTHWIND_MOBILE, 'get me a human');
    const panel = await eventually(async () =>
      alexConsole.conversations.find((candidate) => candidate.handover.channel === 'sms'),
    );
    const handoverId = panel.handover.id;
    expect(await alexConsole.call('handover:accept', { handoverId })).toMatchObject({ ok: true });

    // An agent may not read the floor or reassign; bad payloads are refused.
    expect(await alexConsole.call('floor:get', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await alexConsole.call('handover:reassign', { handoverId, toAgentId: alex.id }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const colleagues = await alexConsole.call('colleagues:get', {});
    expect(colleagues.ok).toBe(true);

    // A quote of her cart, texted to her number.
    const carts = node.app.commerce.services.carts;
    const { cart } = await carts.cartFor({ customerId: seededCustomerIds.northwind }, 'sms');
    await carts.addItem(cart._id, { offeringId: catalogSeedIds.roamEurope }, { channel: 'sms' });
    const before = (await outboxTo(node, NORTHWIND_MOBILE)).length;
    const quoted = await alexConsole.call('quote:send', { handoverId });
    expect(quoted).toMatchObject({ ok: true });
    expect((quoted.quote as QuoteSummaryView).quoteId).toBeTruthy();
    const texts = await eventually(async () => {
      const all = await outboxTo(node, NORTHWIND_MOBILE);
      return all.length > before ? all.slice(before) : undefined;
    });
    expect(texts.map((text) => text.body).join('\n')).toMatch(
      /your quote: .*Roam.*£\d+\.\d\d one-off/,
    );

    // The supervisor sees the floor and hands the conversation to Bea.
    const bea = await staffUser(node, { name: 'Bea Floor' });
    const beaConsole = await connectConsole(node, { token: bea.token });
    consoles.push(beaConsole);
    const sam = await staffUser(node, {
      name: 'Sam Floor',
      roles: ['supervisor'],
      queues: ['none'],
    });
    const samConsole = await connectConsole(node, { token: sam.token });
    consoles.push(samConsole);
    const floorAck = await samConsole.call('floor:get', {});
    expect(floorAck.ok).toBe(true);
    const floor = floorAck.floor as FloorView;
    expect(floor.open.map((handover) => handover.id)).toContain(handoverId);
    expect(floor.agents.find((agent) => agent.agentId === alex.id)).toMatchObject({ load: 1 });
    expect(floor.queues.find((queue) => queue.queue === 'sales')).toBeDefined();
    expect(
      await samConsole.call('handover:reassign', { handoverId, toAgentId: bea.id }),
    ).toMatchObject({ ok: true });
    const moved = await eventually(async () =>
      beaConsole.conversations.find((candidate) => candidate.handover.id === handoverId),
    );
    expect(moved.handover.status).toBe('transferred');
    expect(await samConsole.call('handover:reassign', { handoverId } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });
});
