import { isDuplicateKeyError } from '../shared/duplicate-key';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import { partyKey } from '../shared/party';
import type { PartyRef } from '../shared/party';
import type { Interaction, NewInteraction, TimelineBatch, TimelineRecorder } from './interaction';
import { newInteractionSchema, partyRefSchema, timelineOptionsSchema } from './interaction-input';
import type { TimelineOptions } from './interaction-input';
import type { InteractionDocument, InteractionModels } from './models';
import { decodeTimelineCursor, encodeTimelineCursor, olderThan } from './timeline-cursor';

export interface TimelinePage {
  items: Interaction[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface InteractionSearch {
  party?: PartyRef;
  channel?: string[];
  kind?: string[];
  /** Keyset pagination (fast at any depth); `offset` is offered for TMF clients and small lists. */
  before?: string;
  offset?: number;
  limit: number;
}

/** The one timeline: every channel records here, agents and customers read from here. */
export class InteractionService implements TimelineRecorder {
  /** Party key → the flushes of batches holding her entries, not yet written. */
  private readonly pendingBatches = new Map<string, Set<() => Promise<void>>>();

  constructor(
    private readonly models: InteractionModels,
    private readonly events: DomainEventPublisher,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(entry: NewInteraction): Promise<Interaction> {
    return (await this.recordOnce(entry)).interaction;
  }

  /**
   * Entries gathered (each stamped when added) and written with one `insertMany` on `flush`, as
   * `record` would write them one by one: a `dedupeKey` already seen keeps the first entry. Until
   * then, any other entry of the same party recorded here, or a merge of her visitor timeline,
   * writes the batch first: her timeline is written in the order it happened.
   */
  batch(): TimelineBatch {
    let pending: Array<{ entry: NewInteraction; at: Date }> = [];
    let written: Promise<void> = Promise.resolve();
    const keys = new Set<string>();
    const flush = (): Promise<void> => {
      const entries = pending;
      pending = [];
      for (const key of keys) this.pendingBatches.get(key)?.delete(flush);
      keys.clear();
      // Each write waits for the one before (its failure reported once, to whoever wrote it);
      // a flush with nothing new waits for what is still being written.
      if (entries.length === 0) return written.catch(() => undefined);
      written = written.catch(() => undefined).then(() => this.recordAll(entries));
      return written;
    };
    return {
      add: (entry) => {
        pending.push({ entry, at: this.clock.now() });
        const key = partyKey(entry.party);
        keys.add(key);
        const batches = this.pendingBatches.get(key) ?? new Set();
        batches.add(flush);
        this.pendingBatches.set(key, batches);
      },
      flush,
    };
  }

  /** Writes the batches that hold entries of this party. */
  private async flushPendingOf(party: PartyRef): Promise<void> {
    const batches = this.pendingBatches.get(partyKey(party));
    if (!batches?.size) return;
    this.pendingBatches.delete(partyKey(party));
    await Promise.all([...batches].map((flush) => flush()));
  }

  private async recordAll(entries: Array<{ entry: NewInteraction; at: Date }>): Promise<void> {
    if (entries.length === 1) {
      await this.writeOnce(entries[0]!.entry, entries[0]!.at);
      return;
    }
    const docs = entries.map(({ entry, at }) =>
      this.documentOf(newInteractionSchema.parse(entry), at),
    );
    try {
      // In order, stopping at the first failure: what came before it is written, the rest not.
      await this.models.Interaction.insertMany(docs, { ordered: true });
    } catch (error) {
      const failedAt = firstFailedIndex(error);
      if (failedAt === undefined || !isDuplicateKeyError(firstWriteError(error) ?? error)) {
        throw error;
      }
      for (const doc of docs.slice(0, failedAt)) await this.announce(doc);
      // From the repeat on, one by one as `record` does.
      for (const { entry, at } of entries.slice(failedAt)) await this.writeOnce(entry, at);
      return;
    }
    for (const doc of docs) await this.announce(doc);
  }

  /** Records an entry; with a `dedupeKey` already seen, returns the first entry and `created: false`. */
  async recordOnce(entry: NewInteraction): Promise<{ interaction: Interaction; created: boolean }> {
    if (entry.party) await this.flushPendingOf(entry.party);
    return this.writeOnce(entry);
  }

  private async writeOnce(
    entry: NewInteraction,
    at?: Date,
  ): Promise<{ interaction: Interaction; created: boolean }> {
    const data = newInteractionSchema.parse(entry);
    // No lookup first: the unique index on dedupeKey decides, so a first delivery (nearly every
    // one) costs one write, and only a repeat pays for reading the entry it repeats.
    const doc = this.documentOf(data, at ?? this.clock.now());
    try {
      await this.models.Interaction.create(doc);
    } catch (error) {
      // A repeat (or two racing deliveries): the unique index let exactly one in.
      if (data.dedupeKey && isDuplicateKeyError(error)) {
        const existing = await this.findByDedupeKey(data.dedupeKey);
        if (existing) return { interaction: existing, created: false };
      }
      throw error;
    }
    await this.announce(doc);
    return { interaction: toInteraction(doc), created: true };
  }

  private documentOf(data: NewInteraction, now: Date): InteractionDocument {
    return {
      _id: newId('int'),
      ...(data.party.customerId
        ? { customerId: data.party.customerId }
        : { visitorId: data.party.visitorId }),
      kind: data.kind,
      channel: data.channel,
      direction: data.direction,
      summary: data.summary,
      ...(data.conversationId ? { conversationId: data.conversationId } : {}),
      ...(data.ref ? { ref: data.ref } : {}),
      ...(data.details ? { details: data.details } : {}),
      ...(data.dedupeKey ? { dedupeKey: data.dedupeKey } : {}),
      occurredAt: data.occurredAt ?? now,
      recordedAt: now,
    };
  }

  private async announce(doc: InteractionDocument): Promise<void> {
    await this.events.publish('interaction.recorded', {
      interactionId: doc._id,
      ...(doc.customerId ? { customerId: doc.customerId } : {}),
      ...(doc.visitorId ? { visitorId: doc.visitorId } : {}),
      channel: doc.channel,
      kind: doc.kind,
    });
  }

  async get(interactionId: string): Promise<Interaction> {
    const doc = await this.models.Interaction.findById(interactionId).lean<InteractionDocument>();
    if (!doc) {
      throw new AppError('NOT_FOUND', `No interaction ${interactionId}`, { interactionId });
    }
    return toInteraction(doc);
  }

  /** Newest first, `limit` at a time, continuing from `before` (a cursor from the previous page). */
  async timeline(party: PartyRef, options: TimelineOptions = {}): Promise<TimelinePage> {
    const parsedParty = partyRefSchema.parse(party);
    const parsed = timelineOptionsSchema.parse(options);
    return this.page({
      party: parsedParty.customerId
        ? { customerId: parsedParty.customerId }
        : { visitorId: parsedParty.visitorId as string },
      ...(parsed.channel ? { channel: [parsed.channel] } : {}),
      ...(parsed.kind ? { kind: [parsed.kind] } : {}),
      ...(parsed.before ? { before: parsed.before } : {}),
      limit: parsed.limit,
    }).then(({ items, nextCursor }) => ({ items, ...(nextCursor ? { nextCursor } : {}) }));
  }

  /**
   * When each of these customers was last in touch (any channel, either direction), leaving out
   * campaign messages sent to them: for segments such as "no contact for 90 days".
   */
  async lastInteractionAt(customerIds: string[]): Promise<Map<string, Date>> {
    const last = new Map<string, Date>();
    if (customerIds.length === 0) return last;
    const rows = await this.models.Interaction.aggregate<{ _id: string; at: Date }>([
      { $match: { customerId: { $in: customerIds }, kind: { $ne: 'campaign-send' } } },
      { $group: { _id: '$customerId', at: { $max: '$occurredAt' } } },
    ]);
    for (const row of rows) last.set(row._id, new Date(row.at));
    return last;
  }

  /**
   * The timeline entry a handover's source wrote before raising it: the bot keys it
   * `handover:<handoverId>`, the voice connector refers to it by `ref.id`.
   */
  async handoverEntry(handoverId: string, customerId?: string): Promise<Interaction | undefined> {
    const byKey = await this.models.Interaction.findOne({
      dedupeKey: `handover:${handoverId}`,
    }).lean<InteractionDocument>();
    if (byKey) return toInteraction(byKey);
    const byRef = await this.models.Interaction.findOne({
      ...(customerId ? { customerId } : {}),
      kind: 'handover',
      'ref.id': handoverId,
    }).lean<InteractionDocument>();
    return byRef ? toInteraction(byRef) : undefined;
  }

  /** The turns of one conversation, oldest first (a chat transcript for the agent panel). */
  async conversation(conversationId: string, limit = 200): Promise<Interaction[]> {
    const docs = await this.models.Interaction.find({ conversationId })
      .sort({ occurredAt: 1, _id: 1 })
      .limit(limit)
      .lean<InteractionDocument[]>();
    return docs.map(toInteraction);
  }

  /** Search for the TMF683 list: newest first, by keyset when `before` is given, else by offset. */
  async search(search: InteractionSearch): Promise<TimelinePage & { total: number }> {
    const page = await this.page(search);
    const total = await this.models.Interaction.countDocuments(baseFilter(search));
    return { ...page, total };
  }

  /** A linked visitor's history becomes the customer's: one timeline from the first chat message. */
  async mergeVisitor(visitorId: string, customerId: string): Promise<void> {
    await this.flushPendingOf({ visitorId });
    await this.models.Interaction.updateMany(
      { visitorId },
      { $set: { customerId }, $unset: { visitorId: '' } },
    );
  }

  private async page(search: InteractionSearch): Promise<TimelinePage> {
    if (search.before && search.offset) {
      throw new AppError('VALIDATION_FAILED', 'Use either a cursor or an offset, not both');
    }
    const filter = baseFilter(search);
    const query = search.before
      ? { ...filter, ...olderThan(decodeTimelineCursor(search.before)) }
      : filter;
    // One extra entry tells whether another page exists without counting.
    const docs = await this.models.Interaction.find(query)
      .sort({ occurredAt: -1, _id: -1 })
      .skip(search.offset ?? 0)
      .limit(search.limit + 1)
      .lean<InteractionDocument[]>();
    const items = docs.slice(0, search.limit).map(toInteraction);
    const last = items[items.length - 1];
    return docs.length > search.limit && last
      ? { items, nextCursor: encodeTimelineCursor({ occurredAt: last.occurredAt, id: last.id }) }
      : { items };
  }

  private async findByDedupeKey(dedupeKey: string): Promise<Interaction | undefined> {
    const doc = await this.models.Interaction.findOne({ dedupeKey }).lean<InteractionDocument>();
    return doc ? toInteraction(doc) : undefined;
  }
}

function baseFilter(search: InteractionSearch): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (search.party?.customerId) filter.customerId = search.party.customerId;
  else if (search.party?.visitorId) filter.visitorId = search.party.visitorId;
  if (search.channel?.length) filter.channel = { $in: search.channel };
  if (search.kind?.length) filter.kind = { $in: search.kind };
  return filter;
}

export function toInteraction(doc: InteractionDocument): Interaction {
  return {
    id: doc._id,
    party: doc.customerId ? { customerId: doc.customerId } : { visitorId: doc.visitorId as string },
    kind: doc.kind,
    channel: doc.channel,
    direction: doc.direction,
    summary: doc.summary,
    ...(doc.conversationId ? { conversationId: doc.conversationId } : {}),
    ...(doc.ref ? { ref: { type: doc.ref.type, id: doc.ref.id } } : {}),
    ...(doc.details ? { details: doc.details } : {}),
    ...(doc.dedupeKey ? { dedupeKey: doc.dedupeKey } : {}),
    occurredAt: doc.occurredAt,
  };
}

/** The first write error of a failed ordered `insertMany`, however the driver reports it. */
function firstWriteError(error: unknown): unknown {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  if (Array.isArray(writeErrors)) return writeErrors[0];
  return writeErrors;
}

/** Where a failed ordered `insertMany` stopped: the entries before it were written. */
function firstFailedIndex(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const first = firstWriteError(error) as
    { index?: unknown; err?: { index?: unknown } } | undefined;
  const index = first?.index ?? first?.err?.index ?? (error as { index?: unknown }).index;
  return typeof index === 'number' ? index : undefined;
}
