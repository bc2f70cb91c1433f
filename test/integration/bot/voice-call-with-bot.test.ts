import { postSigned } from '../twilio/harness';
import type { DomainEvent } from '../../../src/domain/shared/events';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import {
  callParams,
  gatherTurnOf,
  newCallSid,
  speech,
  spokenLinesOf,
} from '../twilio-voice/voice-harness';
import { eventually, startAppNode } from './bot-harness';
import type { AppNode } from './bot-harness';

/** Stacy calls; the real bot answers each speech turn until she asks for a person. */
describe('a voice call with the sales bot', () => {
  let node: AppNode;
  const handovers: Array<DomainEvent<'handover.requested'>> = [];

  beforeAll(async () => {
    node = await startAppNode();
    node.runtime.events.subscribe('handover.requested', (event) => {
      handovers.push(event);
    });
  });
  afterAll(async () => node?.runtime.stop());

  const post = async (path: string, params: Record<string, string>) => {
    const response = await postSigned(`${node.url}${path}`, params, {
      authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
      signedUrl: `${node.runtime.config.PUBLIC_BASE_URL}${path}`,
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('greets her by name, answers in speech, and transfers with the transcript when she asks', async () => {
    const callSid = newCallSid();
    const base = callParams(node.runtime.config.TWILIO_ACCOUNT_SID, callSid, { From: stacyMobile });
    const greeting = await post('/webhooks/twilio/voice', base);
    expect(spokenLinesOf(greeting).join(' ')).toContain('Stacy');
    let turn = gatherTurnOf(greeting)!;
    expect(turn).toBe(1);

    const price = await post(`/webhooks/twilio/voice/gather?turn=${turn}`, {
      ...base,
      ...speech('how much is the twenty gig data boost'),
    });
    expect(spokenLinesOf(price).join(' ')).toMatch(/Data Boost.*8 pounds/);
    turn = gatherTurnOf(price)!;

    const transfer = await post(`/webhooks/twilio/voice/gather?turn=${turn}`, {
      ...base,
      ...speech('can I speak to a person please'),
    });
    expect(transfer).toMatch(/<Enqueue[^>]*>/);
    expect(gatherTurnOf(transfer)).toBeUndefined();

    await eventually(
      async () => handovers.length,
      (count) => count > 0,
    );
    expect(handovers[0]!.payload).toMatchObject({
      customerId: seededCustomerIds.stacy,
      channel: 'voice',
    });

    await post('/webhooks/twilio/voice/status', {
      ...base,
      CallStatus: 'completed',
      CallDuration: '47',
    });
    const { items } = await node.features.customers.services.interactions.timeline(
      { customerId: seededCustomerIds.stacy },
      { channel: 'voice', kind: 'call' },
    );
    expect(items).toHaveLength(1);
    const transcript = (
      items[0]!.details as { transcript: Array<{ speaker: string; text: string }> }
    ).transcript;
    expect(transcript.map((line) => line.speaker)).toEqual(
      expect.arrayContaining(['bot', 'caller']),
    );
    expect(transcript.some((line) => /twenty gig/.test(line.text))).toBe(true);
  });
});
