import type { FloorView, PanelView } from '../../../src/assist/assist-events';
import { connectConsole, eventually, startAssistNode, staffUser, textFrom } from './assist-harness';
import type { AssistNode, Console } from './assist-harness';

const NORTHWIND_MOBILE = '+447700900456';

/** The supervisor's floor moves a conversation nobody has taken yet, as well as held ones. */
describe('the floor reassigns a conversation still waiting in its queue', () => {
  let node: AssistNode;
  const consoles: Console[] = [];

  beforeAll(async () => {
    node = await startAssistNode();
  });
  afterAll(async () => {
    for (const console of consoles) console.close();
    await node?.runtime.stop();
  });

  it('a waiting conversation goes to the agent the supervisor picks, who accepts it', async () => {
    // Bea is signed in but busy, so nobody is routed anything: Northwind waits in the queue.
    const bea = await staffUser(node, { name: 'Bea Waiting' });
    const beaConsole = await connectConsole(node, { token: bea.token });
    consoles.push(beaConsole);
    expect(await beaConsole.call('presence:set', { status: 'busy' })).toMatchObject({ ok: true });
    const cam = await staffUser(node, { name: 'Cam Away' });
    const camConsole = await connectConsole(node, { token: cam.token });
    consoles.push(camConsole);
    expect(await camConsole.call('presence:set', { status: 'away' })).toMatchObject({ ok: true });
    const sam = await staffUser(node, {
      name: 'Sam Floor',
      roles: ['supervisor'],
      queues: ['none'],
    });
    const samConsole = await connectConsole(node, { token: sam.token });
    consoles.push(samConsole);

    await textFrom(node, NORTHWIND_MOBILE, 'get me a human');
    const floorOf = async () => {
      const ack = await samConsole.call('floor:get', {});
      expect(ack.ok).toBe(true);
      return ack.floor as FloorView;
    };
    const waiting = await eventually(async () =>
      (await floorOf()).open.find(
        (handover) => handover.channel === 'sms' && handover.status === 'waiting',
      ),
    );
    expect(beaConsole.conversations).toHaveLength(0);

    // An agent may not move it; nobody can be handed it while away.
    expect(
      await beaConsole.call('handover:reassign', { handoverId: waiting.id, toAgentId: bea.id }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await samConsole.call('handover:reassign', { handoverId: waiting.id, toAgentId: cam.id }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The supervisor gives it to Bea: offered to her, counted on her load, for her to accept.
    expect(
      await samConsole.call('handover:reassign', { handoverId: waiting.id, toAgentId: bea.id }),
    ).toMatchObject({ ok: true });
    const offered: PanelView = await eventually(async () =>
      beaConsole.conversations.find((panel) => panel.handover.id === waiting.id),
    );
    expect(offered.handover).toMatchObject({ status: 'transferred', assignedAgentId: bea.id });
    const floor = await floorOf();
    expect(floor.open.find((handover) => handover.id === waiting.id)).toMatchObject({
      status: 'transferred',
      assignedAgentId: bea.id,
    });
    expect(floor.agents.find((agent) => agent.agentId === bea.id)).toMatchObject({ load: 1 });
    // Once it is no longer waiting, a second hand-off of the waiting one is refused, not doubled.
    expect(await samConsole.call('handover:accept', { handoverId: waiting.id })).toMatchObject({
      ok: false,
    });
    expect(await beaConsole.call('handover:accept', { handoverId: waiting.id })).toMatchObject({
      ok: true,
    });

    // She hears that Bea joined, and Bea answers her next message.
    const texts = await eventually(async () => {
      const response = await fetch(`${node.url}/dev/twilio/messages`);
      const { messages } = (await response.json()) as {
        messages: Array<{ to: string; body: string }>;
      };
      const mine = messages.filter((message) => message.to === NORTHWIND_MOBILE);
      return mine.some((message) => /Bea/.test(message.body)) ? mine : undefined;
    });
    expect(texts.map((text) => text.body).join('\n')).toMatch(/Bea/);
    await textFrom(node, NORTHWIND_MOBILE, 'hello, is that a person?');
    await eventually(async () =>
      beaConsole.patches.find(
        (patch) =>
          patch.section === 'timeline' &&
          /is that a person/.test(patch.entry.text ?? patch.entry.summary),
      ),
    );
  });
});
