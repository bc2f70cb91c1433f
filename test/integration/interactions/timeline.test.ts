import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Interaction } from '../../../src/domain/interactions/interaction';
import { InteractionService } from '../../../src/domain/interactions/interaction-service';
import { createInteractionModels } from '../../../src/domain/interactions/models';
import type { InteractionModels } from '../../../src/domain/interactions/models';
import { fixedClock } from '../../../src/domain/shared/clock';
import { RecordingPublisher } from '../customers/harness';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';

describe('the interaction timeline', () => {
  let mongo: TestMongo;
  let connection: Connection;
  let models: InteractionModels;
  let events: RecordingPublisher;
  let timeline: InteractionService;
  const clock = fixedClock('2025-06-01T09:00:00Z');

  beforeAll(async () => {
    mongo = await startTestMongo();
    connection = await mongoose.createConnection(mongo.uri).asPromise();
    models = createInteractionModels(connection);
    await models.Interaction.init();
    events = new RecordingPublisher();
    timeline = new InteractionService(models, events, clock);
  });

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  it('records one entry per dedupe key, however often and concurrently it is delivered', async () => {
    const delivery = {
      party: { customerId: 'cust-stacy-moreno' },
      kind: 'message' as const,
      channel: 'sms' as const,
      direction: 'inbound' as const,
      summary: 'YES to Summer Data Double',
      dedupeKey: 'twilio:SM0f3c9a7e2b1d4c8e9f0a1b2c3d4e5f60',
    };
    const first = await timeline.recordOnce(delivery);
    const redeliveries = await Promise.all(
      Array.from({ length: 4 }, () => timeline.recordOnce(delivery)),
    );
    expect(first.created).toBe(true);
    expect(redeliveries.every((result) => !result.created)).toBe(true);
    expect(redeliveries.every((result) => result.interaction.id === first.interaction.id)).toBe(
      true,
    );
    expect(await models.Interaction.countDocuments({ dedupeKey: delivery.dedupeKey })).toBe(1);
    expect(
      events.named('interaction.recorded').filter((e) => e.interactionId === first.interaction.id),
    ).toHaveLength(1);
    // Entries without a key are never deduplicated against each other.
    const { dedupeKey: _unused, ...unkeyed } = delivery;
    await timeline.record(unkeyed);
    await timeline.record(unkeyed);
    expect(await models.Interaction.countDocuments({ summary: delivery.summary })).toBe(3);
  });

  it('writes a batch in one insert, a repeated message kept once and the rest written', async () => {
    const party = { customerId: 'cust-batch' };
    const inbound = {
      party,
      kind: 'message' as const,
      channel: 'webchat' as const,
      direction: 'inbound' as const,
      summary: 'Chat from customer: hello',
      dedupeKey: 'bot-in:webchat:batch:m1',
    };
    const outbound = { ...inbound, direction: 'outbound' as const, summary: 'Chat from bot: hi' };
    delete (outbound as { dedupeKey?: string }).dedupeKey;
    const batch = timeline.batch();
    batch.add(inbound);
    batch.add(outbound);
    await batch.flush();
    await batch.flush();
    expect(await models.Interaction.countDocuments({ customerId: party.customerId })).toBe(2);
    // The same message delivered again: hers stays the first, the answer is written.
    const again = timeline.batch();
    again.add(inbound);
    again.add({ ...outbound, summary: 'Chat from bot: hi again' });
    await again.flush();
    expect(await models.Interaction.countDocuments({ dedupeKey: inbound.dedupeKey })).toBe(1);
    expect(await models.Interaction.countDocuments({ customerId: party.customerId })).toBe(3);
    const page = await timeline.timeline(party);
    expect(page.items.map((item) => item.summary).sort()).toEqual(
      ['Chat from bot: hi', 'Chat from bot: hi again', 'Chat from customer: hello'].sort(),
    );
    expect(
      events.named('interaction.recorded').filter((e) => e.customerId === party.customerId),
    ).toHaveLength(3);
  });

  it('writes a pending batch before another entry of hers, and before her visitor timeline merges', async () => {
    const visitor = { visitorId: 'vis-batch-order' };
    const message = {
      party: visitor,
      kind: 'message' as const,
      channel: 'webchat' as const,
      direction: 'inbound' as const,
      summary: 'Chat from customer: get me a human',
    };
    const batch = timeline.batch();
    batch.add(message);
    await timeline.record({ ...message, kind: 'handover', direction: 'internal', summary: 'x' });
    expect(await models.Interaction.countDocuments({ visitorId: visitor.visitorId })).toBe(2);
    const second = timeline.batch();
    second.add({ ...message, summary: 'Chat from customer: 123456' });
    await timeline.mergeVisitor(visitor.visitorId, 'cust-batch-order');
    await second.flush();
    expect(await models.Interaction.countDocuments({ visitorId: visitor.visitorId })).toBe(0);
    expect(await models.Interaction.countDocuments({ customerId: 'cust-batch-order' })).toBe(3);
  });

  it('refuses entries that are not timeline entries', async () => {
    await expect(
      timeline.record({
        party: { customerId: 'cust-1' },
        kind: 'gossip' as never,
        channel: 'sms',
        direction: 'inbound',
        summary: 'x',
      }),
    ).rejects.toThrow();
  });

  it('pages newest first across pages, with many entries at the same instant', async () => {
    const customerId = 'cust-paging';
    const base = Date.parse('2025-05-01T00:00:00Z');
    // 23 entries over 7 instants: ties at every instant, so only (occurredAt, id) orders them.
    const recorded: Interaction[] = [];
    for (let i = 0; i < 23; i++) {
      recorded.push(
        await timeline.record({
          party: { customerId },
          kind: i % 2 ? 'message' : 'offer-view',
          channel: i % 3 ? 'webchat' : 'sms',
          direction: 'inbound',
          summary: `entry ${i}`,
          occurredAt: new Date(base + (i % 7) * 60_000),
        }),
      );
    }
    await timeline.record({
      party: { customerId: 'cust-someone-else' },
      kind: 'message',
      channel: 'sms',
      direction: 'inbound',
      summary: 'not hers',
      occurredAt: new Date(base),
    });
    const expected = [...recorded]
      .sort(
        (a, b) =>
          b.occurredAt.getTime() - a.occurredAt.getTime() ||
          (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      )
      .map((entry) => entry.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await timeline.timeline(
        { customerId },
        { limit: 5, ...(cursor ? { before: cursor } : {}) },
      );
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(expected);

    const smsOnly = await timeline.timeline({ customerId }, { channel: 'sms', limit: 50 });
    expect(smsOnly.items.map((entry) => entry.id)).toEqual(
      expected.filter((id) => recorded.find((entry) => entry.id === id)?.channel === 'sms'),
    );
    expect(smsOnly.nextCursor).toBeUndefined();
    const offerViews = await timeline.timeline({ customerId }, { kind: 'offer-view' });
    expect(offerViews.items.every((entry) => entry.kind === 'offer-view')).toBe(true);
    expect(offerViews.items).toHaveLength(12);
  });

  it('keeps a page stable when newer entries arrive while the agent scrolls', async () => {
    const customerId = 'cust-scrolling';
    for (let i = 0; i < 6; i++) {
      await timeline.record({
        party: { customerId },
        kind: 'message',
        channel: 'webchat',
        direction: i % 2 ? 'outbound' : 'inbound',
        summary: `turn ${i}`,
        occurredAt: new Date(Date.parse('2025-05-02T10:00:00Z') + i * 1000),
      });
    }
    const first = await timeline.timeline({ customerId }, { limit: 3 });
    await timeline.record({
      party: { customerId },
      kind: 'message',
      channel: 'webchat',
      direction: 'inbound',
      summary: 'a newer turn',
      occurredAt: new Date('2025-05-02T11:00:00Z'),
    });
    const second = await timeline.timeline({ customerId }, { limit: 3, before: first.nextCursor! });
    expect([...first.items, ...second.items].map((entry) => entry.summary)).toEqual([
      'turn 5',
      'turn 4',
      'turn 3',
      'turn 2',
      'turn 1',
      'turn 0',
    ]);
  });

  it('reads a conversation oldest first and answers 404 for an unknown id', async () => {
    for (const [i, text] of ['Hi', 'Hello Stacy, how can I help?', 'Roaming in Spain?'].entries()) {
      await timeline.record({
        party: { visitorId: 'vis_chat' },
        kind: 'message',
        channel: 'webchat',
        direction: i === 1 ? 'outbound' : 'inbound',
        summary: text,
        conversationId: 'conv-roaming',
        occurredAt: new Date(Date.parse('2025-05-03T08:00:00Z') + i * 5000),
      });
    }
    const transcript = await timeline.conversation('conv-roaming');
    expect(transcript.map((entry) => entry.summary)).toEqual([
      'Hi',
      'Hello Stacy, how can I help?',
      'Roaming in Spain?',
    ]);
    await expect(timeline.get('int_missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('declares the indexes the timeline relies on', async () => {
    const indexes = (await models.Interaction.listIndexes()) as Array<{
      key: Record<string, number>;
      unique?: boolean;
    }>;
    const keys = indexes.map((index) => JSON.stringify(index.key));
    expect(keys).toContain(JSON.stringify({ customerId: 1, occurredAt: -1, _id: -1 }));
    expect(keys).toContain(JSON.stringify({ visitorId: 1, occurredAt: -1, _id: -1 }));
    expect(indexes.find((index) => index.key.dedupeKey === 1)?.unique).toBe(true);
  });
});
