import type { DomainEvent } from '../../../src/domain/shared/events';
import { eventually } from '../twilio/harness';
import {
  STACY,
  callParams,
  gatherTurnOf,
  newCallSid,
  speech,
  spokenLinesOf,
  startVoiceNode,
} from './voice-harness';
import type { VoiceTestNode } from './voice-harness';

const CALL = '/webhooks/twilio/voice';
const STATUS = '/webhooks/twilio/voice/status';
const gather = (turn: number) => `/webhooks/twilio/voice/gather?turn=${turn}`;

describe('twilio voice call loop', () => {
  let node: VoiceTestNode;
  let accountSid: string;
  const handovers: Array<DomainEvent<'handover.requested'>> = [];

  beforeAll(async () => {
    node = await startVoiceNode();
    accountSid = node.runtime.config.TWILIO_ACCOUNT_SID;
    node.runtime.events.subscribe('handover.requested', (event) => {
      handovers.push(event);
    });
  });

  afterAll(async () => {
    await node?.runtime.stop();
  });

  async function twimlOf(response: Promise<Response>): Promise<string> {
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(answered.headers.get('content-type')).toMatch(/^text\/xml/);
    return answered.text();
  }

  it('refuses forged signatures on every voice webhook with the TMF error body', async () => {
    const params = callParams(accountSid, newCallSid());
    for (const path of [CALL, gather(1), STATUS]) {
      const response = await fetch(`${node.runtime.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': 'forged',
        },
        body: new URLSearchParams(params),
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await node.calls()).toHaveLength(0);
  });

  it('refuses a call for another account and a malformed CallSid', async () => {
    const otherAccount = callParams('AC' + 'f'.repeat(32), newCallSid());
    expect((await node.post(CALL, otherAccount)).status).toBe(400);
    const badSid = callParams(accountSid, 'CA-not-a-sid');
    expect((await node.post(CALL, badSid)).status).toBe(400);
  });

  it('greets by name, loops through speech turns, re-prompts, ignores replays and transfers on request', async () => {
    const callSid = newCallSid();
    const params = (extra: Record<string, string> = {}) => callParams(accountSid, callSid, extra);

    const greeting = await twimlOf(node.post(CALL, params({ CallStatus: 'ringing' })));
    expect(greeting).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
    expect(spokenLinesOf(greeting).join(' ')).toContain('Hello Stacy');
    expect(greeting).toMatch(/<Gather [^>]*input="speech"/);
    expect(greeting).toMatch(/<Gather [^>]*method="POST"/);
    expect(greeting).toMatch(/<Gather [^>]*speechTimeout="auto"/);
    expect(greeting).toMatch(/<Gather [^>]*language="en-GB"/);
    expect(gatherTurnOf(greeting)).toBe(1);

    const first = await twimlOf(
      node.post(gather(1), params(speech('how much is the 20 GB add-on'))),
    );
    expect(spokenLinesOf(first)).toEqual(['You said how much is the 20 GB add-on.']);
    expect(gatherTurnOf(first)).toBe(2);

    const second = await twimlOf(node.post(gather(2), params(speech('add it to my plan'))));
    expect(spokenLinesOf(second)).toEqual(['You said add it to my plan.']);
    expect(gatherTurnOf(second)).toBe(3);

    // Twilio retries a request it got no answer to: same turn, same speech.
    const replayed = await twimlOf(node.post(gather(2), params(speech('add it to my plan'))));
    expect(replayed).toBe(second);
    expect(node.handler.turns.map((turn) => turn.speech)).toEqual([
      'how much is the 20 GB add-on',
      'add it to my plan',
    ]);

    const mumbled = await twimlOf(node.post(gather(3), params(speech('ad mumble', 0.21))));
    expect(spokenLinesOf(mumbled).join(' ')).toMatch(/didn.t catch that/);
    expect(gatherTurnOf(mumbled)).toBe(4);
    expect(node.handler.turns).toHaveLength(2);

    const transfer = await twimlOf(node.post(gather(4), params(speech('get me a human'))));
    expect(transfer).toMatch(/<Say[^>]*>[^<]+<\/Say><Enqueue>voice<\/Enqueue><\/Response>$/);
    expect(gatherTurnOf(transfer)).toBeUndefined();
    expect(node.handler.turns).toHaveLength(2);

    const handover = await eventually(async () =>
      handovers.find((event) => event.payload.channel === 'voice'),
    );
    expect(handover.payload).toMatchObject({ customerId: STACY, channel: 'voice' });

    const call = (await node.calls()).find((doc) => doc._id === callSid);
    expect(call).toMatchObject({ _id: callSid, state: 'transferred', customerName: 'Stacy' });
    expect(call?.handoverId).toBe(handover.payload.handoverId);

    const expectedTranscript = [
      { speaker: 'bot', text: expect.stringContaining('Hello Stacy') },
      { speaker: 'caller', text: 'how much is the 20 GB add-on', confidence: 0.92 },
      { speaker: 'bot', text: 'You said how much is the 20 GB add-on.' },
      { speaker: 'caller', text: 'add it to my plan' },
      { speaker: 'bot', text: 'You said add it to my plan.' },
      { speaker: 'bot', text: expect.stringMatching(/didn.t catch that/) },
      { speaker: 'caller', text: 'get me a human' },
      { speaker: 'bot', text: expect.stringContaining('put you through') },
    ];
    const calls = await node.interactions({ kind: 'call', conversationId: callSid });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      customerId: STACY,
      channel: 'voice',
      direction: 'inbound',
      dedupeKey: callSid,
      details: { callSid, outcome: 'transferred', transcript: expectedTranscript },
    });
    const handoverEntries = await node.interactions({ kind: 'handover', conversationId: callSid });
    expect(handoverEntries).toHaveLength(1);
    expect(handoverEntries[0]).toMatchObject({
      ref: { type: 'handover', id: handover.payload.handoverId },
      details: { reason: 'the caller asked for a person', transcript: expectedTranscript },
    });

    // The caller finishes with the agent and hangs up: still one entry for the whole call.
    const hangUp = params({ CallStatus: 'completed', CallDuration: '184' });
    expect((await node.post(STATUS, hangUp)).status).toBe(200);
    expect((await node.post(STATUS, hangUp)).status).toBe(200);
    expect(await node.interactions({ kind: 'call', conversationId: callSid })).toHaveLength(1);
    const ended = (await node.calls()).find((doc) => doc._id === callSid);
    expect(ended).toMatchObject({ state: 'ended', outcome: 'completed', durationSeconds: 184 });
  });

  it('transfers after three turns it could not understand', async () => {
    const callSid = newCallSid();
    await twimlOf(node.post(CALL, callParams(accountSid, callSid)));
    let twiml = '';
    for (const turn of [1, 2, 3]) {
      twiml = await twimlOf(
        node.post(gather(turn), callParams(accountSid, callSid, { SpeechResult: '' })),
      );
      if (turn < 3) expect(gatherTurnOf(twiml)).toBe(turn + 1);
    }
    expect(twiml).toContain('<Enqueue>voice</Enqueue>');
    const [entry] = await node.interactions({ kind: 'handover', conversationId: callSid });
    expect(entry?.details).toMatchObject({ reason: 'speech was not understood' });
  });

  it("transfers when the bot decides to, saying the bot's reply first", async () => {
    const callSid = newCallSid();
    await twimlOf(node.post(CALL, callParams(accountSid, callSid)));
    const twiml = await twimlOf(
      node.post(gather(1), callParams(accountSid, callSid, speech('I want to cancel my contract'))),
    );
    expect(spokenLinesOf(twiml)[0]).toBe('You said I want to cancel my contract.');
    expect(twiml).toContain('<Enqueue>voice</Enqueue>');
    const [entry] = await node.interactions({ kind: 'handover', conversationId: callSid });
    expect(entry?.details).toMatchObject({ reason: 'retention' });
  });

  it('puts a call the caller ends with the bot on the timeline once, at the status callback', async () => {
    const callSid = newCallSid();
    const redelivered = callParams(accountSid, callSid);
    const greeting = await twimlOf(node.post(CALL, redelivered));
    expect(await twimlOf(node.post(CALL, redelivered))).toBe(greeting);
    await twimlOf(node.post(gather(1), callParams(accountSid, callSid, speech('just browsing'))));
    expect(await node.interactions({ kind: 'call', conversationId: callSid })).toHaveLength(0);

    const hangUp = callParams(accountSid, callSid, { CallStatus: 'completed', CallDuration: '42' });
    await node.post(STATUS, hangUp);
    await node.post(STATUS, hangUp);
    const entries = await node.interactions({ kind: 'call', conversationId: callSid });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({
      outcome: 'completed',
      durationSeconds: 42,
      transcript: [
        { speaker: 'bot' },
        { speaker: 'caller', text: 'just browsing' },
        { speaker: 'bot', text: 'You said just browsing.' },
      ],
    });
    expect(await node.interactions({ kind: 'handover', conversationId: callSid })).toHaveLength(0);
  });
});
