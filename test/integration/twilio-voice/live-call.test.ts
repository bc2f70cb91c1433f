import type {
  LiveCallView,
  LiveLineView,
  LivePhrasesView,
  LiveSuggestionView,
} from '../../../src/assist/live-call-events';
import { ScriptedCall } from '../../../src/connectors/twilio/stand-in/scripted-call';
import { createInteractionModels } from '../../../src/domain/interactions/models';
import type { InteractionDocument } from '../../../src/domain/interactions/models';
import { catalogSeedIds, summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { connectConsole, eventually, startAssistNode, staffUser } from '../assist/assist-harness';
import type { AssistNode, Console } from '../assist/assist-harness';

/** What a console heard of live calls. */
class LiveCallEvents {
  lines: LiveLineView[] = [];
  suggestions: LiveSuggestionView[] = [];
  phrases: LivePhrasesView[] = [];
  states: LiveCallView[] = [];

  constructor(console: Console) {
    const client = console.client as unknown as {
      on(event: string, listener: (payload: never) => void): void;
    };
    client.on('livecall:line', (line: LiveLineView) => this.lines.push(line));
    client.on('livecall:suggestion', (s: LiveSuggestionView) => this.suggestions.push(s));
    client.on('livecall:phrases', (p: LivePhrasesView) => this.phrases.push(p));
    client.on('livecall:state', (state: LiveCallView) => this.states.push(state));
  }
}

describe('live call assist: the call transcribed in the agent panel, with offers suggested', () => {
  let node: AssistNode;
  let agent: Console;
  let live: LiveCallEvents;
  let firstHandoverId = '';

  beforeAll(async () => {
    node = await startAssistNode();
    const alex = await staffUser(node, { name: 'Alex Turner', queues: ['voice', 'sales'] });
    agent = await connectConsole(node, { token: alex.token });
    live = new LiveCallEvents(agent);
  });
  afterAll(async () => {
    agent?.close();
    await node?.runtime.stop();
  });

  /** A live-call event with its acknowledgement. */
  const ask = (event: string, payload: Record<string, string>): Promise<unknown> =>
    (
      agent.client.timeout(20_000).emitWithAck as unknown as (
        event: string,
        payload: unknown,
      ) => Promise<unknown>
    ).call(agent.client.timeout(20_000), event, payload);

  const newCall = () =>
    new ScriptedCall({
      accountSid: node.runtime.config.TWILIO_ACCOUNT_SID,
      authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
      baseUrl: () => node.url,
      from: stacyMobile,
      to: '+441632960000',
    });

  const liveCallEntries = (callSid: string) =>
    createInteractionModels(node.runtime.mongo.connection)
      .Interaction.find({ dedupeKey: `live-call:${callSid}` })
      .lean<InteractionDocument[]>();

  it('transcribes a transferred call: Spain next week brings the roaming pass at its agent price; accepting fills her cart; the timeline keeps it all', async () => {
    const call = newCall();
    await call.dial();
    const transfer = await call.askForAgent();
    expect(transfer).toMatch(
      /<Start><Transcription statusCallbackUrl="[^"]+\/webhooks\/twilio\/voice\/transcription"[^>]*track="both_tracks"/,
    );
    expect(transfer).toContain('<Enqueue>voice</Enqueue>');

    const offered = await eventually(async () =>
      agent.conversations.find((panel) => panel.customer?.customerId === seededCustomerIds.stacy),
    );
    const handoverId = offered.handover.id;
    expect(offered.handover.channel).toBe('voice');
    expect(await agent.call('handover:accept', { handoverId })).toMatchObject({ ok: true });

    expect((await call.transcriptionStarted()).status).toBe(200);
    await eventually(async () => live.states.find((state) => state.callSid === call.callSid));

    // Forged: a signature over other parameters, and no signature at all.
    const forged = await fetch(call.transcriptionUrl!, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'bm90LXR3aWxpbw==',
      },
      body: new URLSearchParams({ ...call.lastEvent!, SequenceId: '999' }),
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'FORBIDDEN' });
    const unsigned = await fetch(call.transcriptionUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(call.lastEvent!),
    });
    expect(unsigned.status).toBe(403);
    // Signed, but not a transcription event Twilio sends.
    const malformed = await call.redeliver({ ...call.lastEvent!, TranscriptionEvent: 'nonsense' });
    expect(malformed.status).toBe(400);

    await call.speak({
      speaker: 'agent',
      text: 'Hello, you are through to Alex. This call may be recorded for training and quality purposes.',
    });
    const spain = "Hi Alex, I'm going to Spain next week and I need my phone to work";
    const responses = await call.speak({ speaker: 'customer', text: spain, partials: 2 });
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    const finalSpain = call.lastEvent!;

    const lines = await eventually(async () => {
      const mine = live.lines.filter((line) => line.callSid === call.callSid);
      return mine.some((line) => line.final && line.text === spain) ? mine : undefined;
    });
    const customerLines = lines.filter((line) => line.speaker === 'customer');
    // Partials first (growing), then the final line that replaces them.
    expect(customerLines.map((line) => line.final)).toEqual([false, false, true]);
    expect(spain.startsWith(customerLines[0]!.text)).toBe(true);
    expect(lines.find((line) => line.speaker === 'agent' && line.final)).toBeDefined();

    const roaming = await eventually(async () =>
      live.suggestions.find(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.roamEurope,
      ),
    );
    expect(roaming).toMatchObject({
      name: 'Europe Roaming Week Pass',
      status: 'shown',
      handoverId,
      priceText: '£7.50 one-off',
      price: { oneTime: { amount: 750, currency: 'GBP' } },
    });
    expect(roaming.reason).toContain('Spain next week');
    expect(roaming.reason).not.toMatch(/po-|cmp-|\d{4}-\d{2}-\d{2}/);
    // The recording notice was said on the agent's track.
    const heard = await eventually(async () =>
      live.phrases.find((p) => p.callSid === call.callSid && p.phrases.some((x) => x.heard)),
    );
    expect(heard.phrases.find((phrase) => phrase.id === 'recording')?.heard).toBe(true);
    expect(heard.phrases.find((phrase) => phrase.id === 'consent')?.heard).toBe(false);

    // Twilio delivers the final line again: processed once, no second line, no second suggestion.
    const linesBefore = live.lines.filter((line) => line.callSid === call.callSid).length;
    expect((await call.redeliver(finalSpain)).status).toBe(200);
    await call.speak({ speaker: 'customer', text: 'Spain, next week, yes', partials: 0 });
    await eventually(async () =>
      live.lines.find(
        (line) => line.callSid === call.callSid && line.text === 'Spain, next week, yes',
      ),
    );
    expect(live.lines.filter((line) => line.callSid === call.callSid).length).toBe(linesBefore + 1);
    const snapshot = await ask('livecall:get', { handoverId });
    const view = (snapshot as unknown as { ok: boolean; call: LiveCallView }).call;
    expect(view.lines.filter((line) => line.text === spain)).toHaveLength(1);
    expect(view.suggestions.filter((s) => s.offeringId === catalogSeedIds.roamEurope)).toHaveLength(
      1,
    );

    // She accepts: through the agent's cart action; the cart reaches the panel.
    const accepted = (await ask('livecall:accept', {
      handoverId,
      suggestionId: roaming.id,
    })) as unknown as { ok: boolean; cart: { items: Array<{ offeringId: string }> } };
    expect(accepted).toMatchObject({ ok: true, suggestion: { status: 'accepted' } });
    expect(accepted.cart.items.map((item) => item.offeringId)).toContain(catalogSeedIds.roamEurope);
    await eventually(async () =>
      agent.patches.find(
        (patch) =>
          patch.section === 'cart' &&
          patch.cart.items.some((item) => item.offeringId === catalogSeedIds.roamEurope),
      ),
    );
    await eventually(async () =>
      live.suggestions.find((s) => s.id === roaming.id && s.status === 'accepted'),
    );
    const again = (await ask('livecall:accept', {
      handoverId,
      suggestionId: roaming.id,
    })) as unknown as { ok: boolean; error?: { code: string } };
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    await call.speak({
      speaker: 'agent',
      text: 'Do you agree to us placing this order on your account?',
      partials: 0,
    });
    await eventually(async () =>
      live.phrases.find(
        (p) =>
          p.callSid === call.callSid &&
          p.phrases.find((phrase) => phrase.id === 'consent')?.heard === true,
      ),
    );

    expect((await call.transcriptionStopped()).status).toBe(200);
    expect((await call.hangUp()).status).toBe(200);
    const [entry] = await eventually(async () => {
      const found = await liveCallEntries(call.callSid);
      return found.length > 0 ? found : undefined;
    });
    expect(await liveCallEntries(call.callSid)).toHaveLength(1);
    expect(entry).toMatchObject({ kind: 'call', channel: 'voice', conversationId: call.callSid });
    expect(entry!.summary).toContain('Europe Roaming Week Pass (accepted)');
    expect(entry!.summary).toContain('going to Spain next week');
    const details = entry!.details as {
      transcript: Array<{ speaker: string; text: string }>;
      accepted: string[];
      suggestions: Array<{ name: string; status: string }>;
    };
    expect(details.transcript).toEqual(
      expect.arrayContaining([
        { speaker: 'customer', text: spain, at: expect.any(String) },
        expect.objectContaining({ speaker: 'agent' }),
      ]),
    );
    expect(details.accepted).toEqual(['Europe Roaming Week Pass']);
    expect(
      await agent.call('handover:close', {
        handoverId,
        disposition: 'sale',
        note: 'Roaming pass for Spain',
      }),
    ).toMatchObject({ ok: true });
    firstHandoverId = handoverId;
  });

  it('suggests the Data Boost size she asked for and the promotion texted to her, none twice, and lets the agent dismiss', async () => {
    const call = newCall();
    await call.dial();
    await call.askForAgent();
    const offered = await eventually(async () =>
      [...agent.conversations]
        .reverse()
        .find(
          (panel) =>
            panel.customer?.customerId === seededCustomerIds.stacy &&
            panel.handover.channel === 'voice' &&
            panel.handover.id !== firstHandoverId,
        ),
    );
    const handoverId = offered.handover.id;
    await agent.call('handover:accept', { handoverId });
    await call.transcriptionStarted();

    await call.speak({
      speaker: 'customer',
      text: 'I keep running out of data, I need about 8 gigs more a month',
      partials: 1,
    });
    const boost = await eventually(async () =>
      live.suggestions.find(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.dataBoost,
      ),
    );
    expect(boost.characteristics).toEqual({ dataSize: 10 });
    expect(boost.priceText).toBe('£5.00 a month');
    expect(boost.reason).toContain('8 GB');

    await call.speak({ speaker: 'customer', text: 'I am running out of data all the time' });
    await call.speak({ speaker: 'customer', text: 'and honestly my plan is too expensive' });
    const cheaper = await eventually(async () =>
      live.suggestions.find(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.essential5,
      ),
    );
    expect(cheaper.reason).toContain('less than her Unlimited Talk & Text 30 GB');
    expect(
      live.suggestions.filter(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.dataBoost,
      ),
    ).toHaveLength(1);

    // The Summer Data Double campaign texted her (as the campaign sender records it).
    await node.app.customers.services.timeline.record({
      party: { customerId: seededCustomerIds.stacy },
      kind: 'campaign-send',
      channel: 'sms',
      direction: 'outbound',
      summary: 'Campaign SMS: Summer Data Double',
      ref: { type: 'campaign', id: summerDataDoubleCampaignId },
      details: {
        campaignId: summerDataDoubleCampaignId,
        offeringId: catalogSeedIds.summerDataDouble,
      },
      dedupeKey: `campaign-send:${summerDataDoubleCampaignId}:test`,
    });
    await call.speak({
      speaker: 'customer',
      text: 'I got a text from you about a deal, what was that',
    });
    const promoted = await eventually(async () =>
      live.suggestions.find(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.summerDataDouble,
      ),
    );
    expect(promoted.reason).toContain('the offer we texted her');
    expect(promoted.priceText).toBe('£4.00 a month');

    const dismissed = (await ask('livecall:dismiss', {
      handoverId,
      suggestionId: boost.id,
    })) as unknown as { ok: boolean };
    expect(dismissed).toMatchObject({ ok: true, suggestion: { status: 'dismissed' } });
    await call.transcriptionStopped();
    const [entry] = await eventually(async () => {
      const found = await liveCallEntries(call.callSid);
      return found.length > 0 ? found : undefined;
    });
    expect(entry!.summary).toContain('Data Boost (dismissed)');
  });

  it('never suggests what she may not buy: a customer outside the UK hears no roaming pass', async () => {
    // Liam is an Irish customer: the roaming pass is for UK customers only.
    const call = new ScriptedCall({
      accountSid: node.runtime.config.TWILIO_ACCOUNT_SID,
      authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
      baseUrl: () => node.url,
      from: '+353851234567',
      to: '+441632960000',
    });
    await call.dial();
    await call.askForAgent();
    const offered = await eventually(async () =>
      agent.conversations.find((panel) => panel.customer?.customerId === seededCustomerIds.liam),
    );
    await agent.call('handover:accept', { handoverId: offered.handover.id });
    await call.transcriptionStarted();
    // Each callback is answered once its line was read, so the first is done when the second goes.
    await call.speak({ speaker: 'customer', text: "I'm going to Spain next week", partials: 0 });
    await call.speak({ speaker: 'customer', text: 'and my plan is too expensive', partials: 0 });
    await eventually(async () =>
      live.suggestions.find(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.essential5,
      ),
    );
    expect(
      live.suggestions.filter(
        (s) => s.callSid === call.callSid && s.offeringId === catalogSeedIds.roamEurope,
      ),
    ).toEqual([]);
  });
});
