import type { Channel } from '../shared/channel';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import type { PartyRef } from '../shared/party';
import { heldStatuses, isHeld, openStatuses, priorityRank } from './handover';
import type {
  Disposition,
  Handover,
  HandoverAction,
  HandoverHistoryEntry,
  HandoverPriority,
  HandoverStatus,
} from './handover';
import { HANDOVER_HISTORY_LIMIT, toHandover } from './handover-model';
import type { HandoverDocument, HandoverModel } from './handover-model';
import { classifyHandover } from './handover-rules';
import type { PresenceService } from './presence-service';

export interface NewHandover {
  /** The event's id; a second delivery of the same id creates nothing. */
  id?: string;
  party: PartyRef;
  channel: Channel;
  reason: string;
  summary: string;
  queue?: string;
  priority?: HandoverPriority;
  conversationId?: string;
}

/** Who acts: the agent, and whether she may act on conversations held by others. */
export interface HandoverActor {
  agentId: string;
  supervisor: boolean;
}

export type TransferTarget =
  { agentId: string; queue?: undefined } | { queue: string; agentId?: undefined };

/** How many waiting handovers one pass of routing looks at per queue (more wait for the next pass). */
const ROUTING_BATCH = 20;

/**
 * Handover lifecycle and routing. Every move is one conditional update on the status it starts
 * from, so two agents (on any node) never both accept, and a lost race changes nothing.
 */
export class HandoverService {
  constructor(
    private readonly model: HandoverModel,
    private readonly presence: PresenceService,
    private readonly events: DomainEventPublisher,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates the handover (once per id) and routes it; undefined when it already existed. */
  async request(input: NewHandover): Promise<Handover | undefined> {
    const doc = this.newDocument(input, 'system');
    if (!(await this.insert(doc, false))) return undefined;
    return this.routeArrival(doc);
  }

  /**
   * A new handover, written but not yet announced, goes straight to an agent with room when there
   * is one: announced once, as hers, so the panel is built for her at once and her colleagues'
   * waiting lists never flash it. Only when nobody can take it is it announced as waiting.
   */
  private async routeArrival(doc: HandoverDocument): Promise<Handover> {
    let routed: Handover | undefined;
    try {
      routed = await this.route(doc._id, { current: doc, unlisted: true });
    } catch (error) {
      // It is written: whatever failed, it waits in its queue, on every console's list.
      await this.announce(doc).catch(() => undefined);
      throw error;
    }
    if (routed) return routed;
    const current = (await this.model.findById(doc._id).lean<HandoverDocument>()) ?? doc;
    // Still waiting: nobody had room. Otherwise another node's drain moved it, and said so.
    if (current.status === 'waiting') await this.announce(current);
    return toHandover(current);
  }

  /**
   * A customer asks for a person: the handover she already has open, or a new one written (and
   * routed) before anyone tells her a person is coming. Her turns are serialised across nodes, so
   * the look-up and the insert cannot race another request of hers.
   */
  async requestOnce(input: NewHandover & { id: string }): Promise<{
    handover: Handover;
    created: boolean;
  }> {
    const existing = await this.openConversationOf(input.party);
    if (existing) return { handover: existing, created: false };
    const doc = this.newDocument(input, 'system');
    if (!(await this.insert(doc, false)))
      return { handover: await this.get(doc._id), created: false };
    return { handover: await this.routeArrival(doc), created: true };
  }

  /** The open handover in which a person answers her (not a call back she is waiting for). */
  async openConversationOf(party: PartyRef): Promise<Handover | undefined> {
    const doc = await this.model
      .findOne({
        ...partyFilter(party),
        status: { $in: [...openStatuses] },
        kind: { $ne: 'callback' },
      })
      .sort({ createdAt: -1 })
      .lean<HandoverDocument>();
    return doc ? toHandover(doc) : undefined;
  }

  /** Her place in her queue: 1 is next. */
  async positionOf(handover: Handover): Promise<number> {
    const rank = priorityRank[handover.priority];
    const ahead = await this.model.countDocuments({
      status: 'waiting',
      queue: handover.queue,
      _id: { $ne: handover.id },
      $or: [
        { priorityRank: { $gt: rank } },
        { priorityRank: rank, createdAt: { $lte: handover.createdAt } },
      ],
    });
    return ahead + 1;
  }

  /** She no longer wants a person (or left): ended from whatever open state it is in. */
  async cancel(handoverId: string, by: string, note?: string): Promise<Handover | undefined> {
    const current = await this.model.findById(handoverId).lean<HandoverDocument>();
    if (!current || !(openStatuses as readonly string[]).includes(current.status)) return undefined;
    const from = current.assignedAgentId;
    const moved = await this.move(
      { _id: handoverId, status: current.status, ...(from ? { assignedAgentId: from } : {}) },
      { status: 'cancelled' },
      { action: 'cancelled', by, ...(note ? { note } : {}) },
      { previousAgentId: from },
    );
    if (!moved) return undefined;
    if (from && isHeld(current.status)) {
      await this.presence.unclaim(from);
      await this.drainFor(from);
    }
    return moved;
  }

  /** A waiting conversation becomes a call back: it keeps its place, and she is free meanwhile. */
  async toCallback(handoverId: string, number: string): Promise<Handover | undefined> {
    return this.move(
      { _id: handoverId, status: 'waiting' },
      { status: 'waiting', kind: 'callback', callbackNumber: number },
      { action: 'callback', by: 'customer' },
    );
  }

  /** A waiting conversation nobody can take goes back to the bot (by the system, not an agent). */
  async giveBackToBot(handoverId: string, note: string): Promise<Handover | undefined> {
    return this.move(
      { _id: handoverId, status: 'waiting' },
      { status: 'released' },
      { action: 'released', by: 'system', note },
    );
  }

  /**
   * Conversations waiting longer than allowed since `cutoff`: raised to urgent and marked
   * escalated, once (a conditional update), so supervisors see them and the customer is told.
   */
  async escalateOverdue(cutoff: Date, limit = 50): Promise<Handover[]> {
    const overdue = await this.model
      .find({
        status: 'waiting',
        kind: { $ne: 'callback' },
        escalatedAt: { $exists: false },
        createdAt: { $lt: cutoff },
      })
      .sort({ createdAt: 1 })
      .limit(limit)
      .select({ _id: 1 })
      .lean<Array<{ _id: string }>>();
    const escalated: Handover[] = [];
    for (const { _id } of overdue) {
      const moved = await this.move(
        { _id, status: 'waiting', escalatedAt: { $exists: false } },
        {
          status: 'waiting',
          escalatedAt: this.clock.now(),
          priority: 'urgent',
          priorityRank: priorityRank.urgent,
        },
        { action: 'escalated', by: 'system', note: 'Waited past the limit' },
      );
      if (moved) escalated.push(moved);
    }
    return escalated;
  }

  /**
   * Her agent left (signed out, went away, lost her console): back in the queue, never offered to
   * her again, and routed to the next agent with room. `routed` says whether someone has it now.
   */
  async returnToQueue(
    handoverId: string,
    by: string,
  ): Promise<{ handover: Handover; routed: boolean } | undefined> {
    const current = await this.model.findById(handoverId).lean<HandoverDocument>();
    if (!current || !isHeld(current.status) || !current.assignedAgentId) return undefined;
    const from = current.assignedAgentId;
    const moved = await this.move(
      { _id: handoverId, status: current.status, assignedAgentId: from },
      { status: 'waiting' },
      { action: 'returned', by },
      { unsetAgent: true, declinedBy: from, previousAgentId: from },
    );
    if (!moved) return undefined;
    await this.presence.unclaim(from);
    const routed = await this.route(handoverId);
    return { handover: routed ?? moved, routed: routed !== undefined };
  }

  /** Staff open a conversation themselves (a customer on the phone): it is theirs at once. */
  async openFor(actor: HandoverActor, input: NewHandover): Promise<Handover> {
    const existing = await this.openOf(input.party);
    if (existing) {
      throw new AppError('CONFLICT', 'This customer already has an open handover', {
        handoverId: existing.id,
      });
    }
    if (!(await this.presence.claim(actor.agentId))) throw this.full();
    const doc = this.newDocument({ ...input, id: newId('hov') }, actor.agentId, actor.agentId);
    await this.insert(doc);
    return toHandover(doc);
  }

  private newDocument(input: NewHandover, by: string, acceptedBy?: string): HandoverDocument {
    const now = this.clock.now();
    const { queue, priority } = classifyHandover(input);
    const status: HandoverStatus = acceptedBy ? 'accepted' : 'waiting';
    return {
      _id: input.id ?? newId('hov'),
      ...(input.party.customerId
        ? { customerId: input.party.customerId }
        : { visitorId: input.party.visitorId }),
      channel: input.channel,
      reason: input.reason,
      kind: 'conversation',
      priority,
      priorityRank: priorityRank[priority],
      queue,
      summary: input.summary,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      status,
      ...(acceptedBy ? { assignedAgentId: acceptedBy } : {}),
      declinedBy: [],
      history: [
        {
          action: acceptedBy ? 'opened' : 'requested',
          at: now,
          by,
          status,
          queue,
          ...(acceptedBy ? { agentId: acceptedBy } : {}),
        },
      ],
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  }

  /** False when a handover with this id exists: the event reaches every process, one creates it. */
  private async insert(doc: HandoverDocument, announce = true): Promise<boolean> {
    try {
      await this.model.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    if (announce) await this.announce(doc);
    return true;
  }

  /** Offers a waiting handover to the least busy available agent of its queue, if there is one. */
  async route(
    handoverId: string,
    options: { current?: HandoverDocument; unlisted?: boolean } = {},
  ): Promise<Handover | undefined> {
    const current =
      options.current ?? (await this.model.findById(handoverId).lean<HandoverDocument>());
    if (!current || current.status !== 'waiting') return undefined;
    const agentId = await this.presence.claimLeastBusy(current.queue, current.declinedBy);
    if (!agentId) return undefined;
    const moved = await this.move(
      { _id: handoverId, status: 'waiting' },
      { status: 'assigned', assignedAgentId: agentId },
      { action: 'routed', by: 'system', agentId },
      { unlisted: options.unlisted },
    );
    if (!moved) {
      // Accepted from the queue meanwhile: the capacity claimed is not used.
      await this.presence.unclaim(agentId);
      return undefined;
    }
    return moved;
  }

  /** Routes waiting handovers of these queues while agents have room (after capacity frees up). */
  async drain(queues: readonly string[]): Promise<void> {
    for (const queue of queues) {
      const waiting = await this.model
        .find({ status: 'waiting', queue })
        .sort({ priorityRank: -1, createdAt: 1 })
        .limit(ROUTING_BATCH)
        .select({ _id: 1 })
        .lean<Array<{ _id: string }>>();
      for (const { _id } of waiting) {
        const routed = await this.route(_id);
        // Nobody took this one: the next, with the same agents excluded, would not be taken either
        // unless its decliners differ, which is rare enough to leave for the next drain.
        if (!routed) break;
      }
    }
  }

  /** She takes it: offered to her, or straight from the queue (claiming her capacity first). */
  async accept(handoverId: string, actor: HandoverActor): Promise<Handover> {
    const current = await this.require(handoverId);
    if (
      (current.status === 'assigned' || current.status === 'transferred') &&
      current.assignedAgentId === actor.agentId
    ) {
      const moved = await this.move(
        { _id: handoverId, status: current.status, assignedAgentId: actor.agentId },
        { status: 'accepted' },
        { action: 'accepted', by: actor.agentId, agentId: actor.agentId },
      );
      if (moved) return moved;
      throw this.taken(handoverId);
    }
    if (current.status === 'accepted' && current.assignedAgentId === actor.agentId) {
      return toHandover(current);
    }
    if (current.status !== 'waiting') throw this.taken(handoverId);
    if (!(await this.presence.claim(actor.agentId))) throw this.full();
    const moved = await this.move(
      { _id: handoverId, status: 'waiting' },
      { status: 'accepted', assignedAgentId: actor.agentId },
      { action: 'accepted', by: actor.agentId, agentId: actor.agentId },
    );
    if (moved) return moved;
    await this.presence.unclaim(actor.agentId);
    throw this.taken(handoverId);
  }

  /** Not for her: back to the queue, offered to someone else (never again to her). */
  async decline(handoverId: string, actor: HandoverActor): Promise<Handover> {
    const moved = await this.move(
      {
        _id: handoverId,
        status: { $in: ['assigned', 'transferred'] },
        assignedAgentId: actor.agentId,
      },
      { status: 'waiting' },
      { action: 'declined', by: actor.agentId },
      { unsetAgent: true, declinedBy: actor.agentId, previousAgentId: actor.agentId },
    );
    if (!moved) throw this.notHers(handoverId);
    await this.presence.unclaim(actor.agentId);
    const routed = await this.route(handoverId);
    await this.drainFor(actor.agentId);
    return routed ?? moved;
  }

  /** To a colleague (offered to her, counted on her load) or to a queue (routed as new). */
  async transfer(
    handoverId: string,
    actor: HandoverActor,
    target: TransferTarget,
  ): Promise<Handover> {
    const current = await this.require(handoverId);
    this.assertHolds(current, actor);
    const from = current.assignedAgentId;
    if (target.agentId !== undefined) {
      if (target.agentId === from) throw new AppError('UNPROCESSABLE', 'She already holds it');
      if (!(await this.presence.claim(target.agentId))) {
        throw new AppError(
          'CONFLICT',
          'That agent is away or has no room for another conversation',
          {
            agentId: target.agentId,
          },
        );
      }
      const moved = await this.move(
        { _id: handoverId, status: current.status, assignedAgentId: from },
        { status: 'transferred', assignedAgentId: target.agentId },
        { action: 'transferred', by: actor.agentId, agentId: target.agentId },
        { previousAgentId: from },
      );
      if (!moved) {
        await this.presence.unclaim(target.agentId);
        throw this.taken(handoverId);
      }
      if (from) await this.presence.unclaim(from);
      if (from) await this.drainFor(from);
      return moved;
    }
    const moved = await this.move(
      { _id: handoverId, status: current.status, assignedAgentId: from },
      { status: 'waiting', queue: target.queue },
      { action: 'transferred', by: actor.agentId, queue: target.queue },
      { unsetAgent: true, previousAgentId: from, resetDeclined: true },
    );
    if (!moved) throw this.taken(handoverId);
    if (from) await this.presence.unclaim(from);
    const routed = await this.route(handoverId);
    if (from) await this.drainFor(from);
    return routed ?? moved;
  }

  /**
   * A supervisor hands a conversation still waiting in its queue to the agent she picks: offered
   * to that agent (counted on her load) as a colleague's transfer is, for her to accept.
   */
  async assignWaiting(
    handoverId: string,
    actor: HandoverActor,
    agentId: string,
  ): Promise<Handover> {
    if (!actor.supervisor) {
      throw new AppError(
        'FORBIDDEN',
        'Only a supervisor can hand a waiting conversation to an agent',
        {
          handoverId,
        },
      );
    }
    const current = await this.require(handoverId);
    if (current.status !== 'waiting') throw this.taken(handoverId);
    if (!(await this.presence.claim(agentId))) {
      throw new AppError('CONFLICT', 'That agent is away or has no room for another conversation', {
        agentId,
      });
    }
    const moved = await this.move(
      { _id: handoverId, status: 'waiting' },
      { status: 'transferred', assignedAgentId: agentId },
      { action: 'transferred', by: actor.agentId, agentId },
    );
    if (!moved) {
      await this.presence.unclaim(agentId);
      throw this.taken(handoverId);
    }
    return moved;
  }

  /** Back to the bot: the caller resumes the bot for the party once this returns. */
  async release(handoverId: string, actor: HandoverActor, note?: string): Promise<Handover> {
    return this.finish(handoverId, actor, 'released', {
      action: 'released',
      ...(note ? { note } : {}),
    });
  }

  /** Wrapped up with a disposition and a note. */
  async close(
    handoverId: string,
    actor: HandoverActor,
    disposition: Disposition,
    note: string,
  ): Promise<Handover> {
    return this.finish(
      handoverId,
      actor,
      'closed',
      { action: 'closed', note },
      { disposition, note },
    );
  }

  /** A visitor proved who she is: her open handovers are the customer's now. */
  async identify(visitorId: string, customerId: string): Promise<Handover[]> {
    const open = await this.model
      .find({ visitorId, status: { $in: [...openStatuses] } })
      .lean<HandoverDocument[]>();
    const moved: Handover[] = [];
    for (const doc of open) {
      const now = this.clock.now();
      const updated = await this.model
        .findOneAndUpdate(
          { _id: doc._id, visitorId },
          {
            $set: { customerId, updatedAt: now },
            $unset: { visitorId: '' },
            $inc: { version: 1 },
            $push: {
              history: {
                $each: [{ action: 'identified', at: now, by: 'system', status: doc.status }],
                $slice: -HANDOVER_HISTORY_LIMIT,
              },
            },
          },
          { returnDocument: 'after' },
        )
        .lean<HandoverDocument>();
      if (updated) {
        await this.announce(updated);
        moved.push(toHandover(updated));
      }
    }
    return moved;
  }

  async get(handoverId: string): Promise<Handover> {
    return toHandover(await this.require(handoverId));
  }

  /** What she holds or is being offered, oldest first. */
  async heldBy(agentId: string): Promise<Handover[]> {
    const docs = await this.model
      .find({ assignedAgentId: agentId, status: { $in: [...heldStatuses] } })
      .sort({ createdAt: 1 })
      .lean<HandoverDocument[]>();
    return docs.map(toHandover);
  }

  /** Waiting in these queues, most urgent then oldest first; every open one when `queues` is undefined. */
  async waiting(queues: readonly string[] | undefined, limit = 200): Promise<Handover[]> {
    const docs = await this.model
      .find({ status: 'waiting', ...(queues ? { queue: { $in: [...queues] } } : {}) })
      .sort({ priorityRank: -1, createdAt: 1 })
      .limit(limit)
      .lean<HandoverDocument[]>();
    return docs.map(toHandover);
  }

  /** Every open handover (a supervisor's floor view). */
  async open(limit = 500): Promise<Handover[]> {
    const docs = await this.model
      .find({ status: { $in: [...openStatuses] } })
      .sort({ priorityRank: -1, createdAt: 1 })
      .limit(limit)
      .lean<HandoverDocument[]>();
    return docs.map(toHandover);
  }

  async openOf(party: PartyRef): Promise<Handover | undefined> {
    const doc = await this.model
      .findOne({ ...partyFilter(party), status: { $in: [...openStatuses] } })
      .sort({ createdAt: -1 })
      .lean<HandoverDocument>();
    return doc ? toHandover(doc) : undefined;
  }

  /** Handovers agents hold for this party (live panel updates go to them). */
  async holdersOf(party: PartyRef): Promise<Handover[]> {
    const docs = await this.model
      .find({ ...partyFilter(party), status: { $in: [...heldStatuses] } })
      .lean<HandoverDocument[]>();
    return docs.map(toHandover);
  }

  /** How many conversations she holds, to correct her stored load on connect. */
  async loadOf(agentId: string): Promise<number> {
    return this.model.countDocuments({
      assignedAgentId: agentId,
      status: { $in: [...heldStatuses] },
    });
  }

  private async finish(
    handoverId: string,
    actor: HandoverActor,
    status: 'released' | 'closed',
    entry: { action: HandoverAction; note?: string },
    fields: { disposition?: Disposition; note?: string } = {},
  ): Promise<Handover> {
    const current = await this.require(handoverId);
    this.assertHolds(current, actor);
    const from = current.assignedAgentId;
    const moved = await this.move(
      { _id: handoverId, status: current.status, assignedAgentId: from },
      { status, ...fields },
      { ...entry, by: actor.agentId },
      { previousAgentId: from },
    );
    if (!moved) throw this.taken(handoverId);
    if (from) {
      await this.presence.unclaim(from);
      await this.drainFor(from);
    }
    return moved;
  }

  private async drainFor(agentId: string): Promise<void> {
    const presence = await this.presence.get(agentId);
    if (presence?.status === 'available') await this.drain(presence.queues);
  }

  private assertHolds(current: HandoverDocument, actor: HandoverActor): void {
    const held = (heldStatuses as readonly string[]).includes(current.status);
    if (!held) throw this.taken(current._id);
    if (current.assignedAgentId !== actor.agentId && !actor.supervisor)
      throw this.notHers(current._id);
  }

  /** One conditional update from the state read; undefined when someone else moved it first. */
  private async move(
    filter: Record<string, unknown>,
    set: Partial<
      Pick<
        HandoverDocument,
        | 'status'
        | 'assignedAgentId'
        | 'queue'
        | 'disposition'
        | 'note'
        | 'kind'
        | 'callbackNumber'
        | 'escalatedAt'
        | 'priority'
        | 'priorityRank'
      >
    >,
    entry: Omit<HandoverHistoryEntry, 'at' | 'status'>,
    options: {
      unsetAgent?: boolean;
      declinedBy?: string;
      resetDeclined?: boolean;
      previousAgentId?: string | undefined;
      /** It never showed as waiting (routed on arrival): the queue's consoles need not hear it. */
      unlisted?: boolean | undefined;
    } = {},
  ): Promise<Handover | undefined> {
    const now = this.clock.now();
    const status = set.status as HandoverStatus;
    const update: Record<string, unknown> = {
      $set: { ...set, updatedAt: now, ...(options.resetDeclined ? { declinedBy: [] } : {}) },
      $inc: { version: 1 },
      $push: {
        history: { $each: [{ ...entry, at: now, status }], $slice: -HANDOVER_HISTORY_LIMIT },
        ...(options.declinedBy ? { declinedBy: options.declinedBy } : {}),
      },
      ...(options.unsetAgent ? { $unset: { assignedAgentId: '' } } : {}),
    };
    const doc = await this.model
      .findOneAndUpdate(filter, update, { returnDocument: 'after' })
      .lean<HandoverDocument>();
    if (!doc) return undefined;
    const previous = options.previousAgentId;
    // Only a change into or out of waiting moves the queue's list.
    const fromWaiting = filter.status === 'waiting';
    const listed = !options.unlisted && (doc.status === 'waiting' || fromWaiting);
    await this.announce(doc, previous !== doc.assignedAgentId ? previous : undefined, listed);
    return toHandover(doc);
  }

  private async announce(
    doc: HandoverDocument,
    previousAgentId?: string,
    listed = true,
  ): Promise<void> {
    await this.events.publish('handover.changed', {
      handoverId: doc._id,
      status: doc.status,
      queue: doc.queue,
      ...(doc.customerId ? { customerId: doc.customerId } : {}),
      ...(doc.visitorId ? { visitorId: doc.visitorId } : {}),
      ...(doc.assignedAgentId ? { assignedAgentId: doc.assignedAgentId } : {}),
      ...(previousAgentId ? { previousAgentId } : {}),
      version: doc.version,
      ...(listed ? {} : { listed: false }),
    });
  }

  private async require(handoverId: string): Promise<HandoverDocument> {
    const doc = await this.model.findById(handoverId).lean<HandoverDocument>();
    if (!doc) throw new AppError('NOT_FOUND', `No handover ${handoverId}`, { handoverId });
    return doc;
  }

  private taken(handoverId: string): AppError {
    return new AppError('CONFLICT', 'Someone else already took or moved this conversation', {
      handoverId,
    });
  }

  private full(): AppError {
    return new AppError(
      'CONFLICT',
      'You already hold as many conversations as you may, or you are away',
    );
  }

  private notHers(handoverId: string): AppError {
    return new AppError('FORBIDDEN', 'This conversation is not yours', { handoverId });
  }
}

function partyFilter(party: PartyRef): Record<string, string> {
  return party.customerId ? { customerId: party.customerId } : { visitorId: party.visitorId ?? '' };
}
