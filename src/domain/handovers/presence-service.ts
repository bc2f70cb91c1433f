import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import type { DomainEventPublisher } from '../shared/events';
import { AppError } from '../shared/errors';
import type { AgentPresence, PresenceStatus, RoutableAgent } from './presence';
import { toPresence } from './presence-model';
import type { PresenceDocument, PresenceModel } from './presence-model';

/**
 * Agents' presence and load, in MongoDB so every app node and worker routes from the same facts.
 * Capacity is claimed and given back with conditional `$inc`s, never read-then-write.
 */
export class PresenceService {
  constructor(
    private readonly model: PresenceModel,
    private readonly events: DomainEventPublisher,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * An agent's console connected: her queues and limit come fresh from her user record, her load
   * from the handovers she holds, and a status she lost only by disconnecting comes back.
   */
  async connected(agent: RoutableAgent, load: number, consoleId: string): Promise<AgentPresence> {
    const now = this.clock.now();
    const existing = await this.model.findById(agent.id).lean<PresenceDocument>();
    const status: PresenceStatus = !existing
      ? 'available'
      : existing.autoAway
        ? (existing.resumeStatus ?? 'available')
        : existing.status;
    const doc = await this.model
      .findOneAndUpdate(
        { _id: agent.id },
        {
          $set: {
            displayName: agent.displayName,
            queues: agent.queues,
            maxConcurrent: agent.maxConcurrent,
            status,
            autoAway: false,
            load,
            free: agent.maxConcurrent - load,
            updatedAt: now,
          },
          $unset: { resumeStatus: '' },
          $addToSet: { consoles: consoleId },
          $setOnInsert: { lastAssignedAt: new Date(0) },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    await this.announce(doc);
    return toPresence(doc!);
  }

  /**
   * One of her consoles closed; when it was the last one anywhere she is away until one reconnects
   * (which restores her status). Kept in MongoDB, so no node has to ask the others.
   */
  async disconnected(agentId: string, consoleId: string): Promise<void> {
    const left = await this.model
      .findOneAndUpdate(
        { _id: agentId },
        { $pull: { consoles: consoleId } },
        { returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    if (!left || left.consoles.length > 0 || left.status === 'away') return;
    const doc = await this.model
      .findOneAndUpdate(
        { _id: agentId, status: left.status, consoles: { $size: 0 } },
        {
          $set: {
            status: 'away',
            autoAway: true,
            resumeStatus: left.status,
            updatedAt: this.clock.now(),
          },
        },
        { returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    if (doc) await this.announce(doc);
  }

  async setStatus(agentId: string, status: PresenceStatus): Promise<AgentPresence> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: agentId },
        {
          $set: { status, autoAway: false, updatedAt: this.clock.now() },
          $unset: { resumeStatus: '' },
        },
        { returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    if (!doc) throw new AppError('NOT_FOUND', `Agent ${agentId} is not connected`, { agentId });
    await this.announce(doc);
    return toPresence(doc);
  }

  async get(agentId: string): Promise<AgentPresence | undefined> {
    const doc = await this.model.findById(agentId).lean<PresenceDocument>();
    return doc ? toPresence(doc) : undefined;
  }

  async list(): Promise<AgentPresence[]> {
    const docs = await this.model.find({}).sort({ displayName: 1 }).lean<PresenceDocument[]>();
    return docs.map(toPresence);
  }

  /**
   * Who serves a queue right now: agents with an open console who are not away. `available` of
   * them take new conversations; the rest are busy, so a wait is real but not forever.
   */
  async staffing(queue: string): Promise<{ available: number; present: number }> {
    const docs = await this.model
      .find({ queues: queue, status: { $ne: 'away' }, 'consoles.0': { $exists: true } })
      .select({ status: 1 })
      .lean<Array<Pick<PresenceDocument, 'status'>>>();
    return {
      present: docs.length,
      available: docs.filter((doc) => doc.status === 'available').length,
    };
  }

  /** Agents who left without signing out (their last console closed) longer ago than `before`. */
  async goneSince(before: Date): Promise<string[]> {
    const docs = await this.model
      .find({ status: 'away', autoAway: true, updatedAt: { $lt: before }, load: { $gt: 0 } })
      .select({ _id: 1 })
      .lean<Array<{ _id: string }>>();
    return docs.map((doc) => doc._id);
  }

  /**
   * Claims one conversation's capacity from the least busy available agent of `queue` (ties: the one
   * who waited longest since her last assignment), or undefined when every one is full or away.
   */
  async claimLeastBusy(queue: string, exclude: readonly string[]): Promise<string | undefined> {
    const doc = await this.model
      .findOneAndUpdate(
        {
          queues: queue,
          status: 'available',
          free: { $gt: 0 },
          ...(exclude.length > 0 ? { _id: { $nin: [...exclude] } } : {}),
        },
        { $inc: { load: 1, free: -1 }, $set: { lastAssignedAt: this.clock.now() } },
        { sort: { load: 1, lastAssignedAt: 1, _id: 1 }, returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    if (!doc) return undefined;
    // Routing goes on at once: her new load is for supervisors' views, not on a customer's path.
    void this.announce(doc).catch(() => undefined);
    return doc._id;
  }

  /** Claims capacity from one agent (she accepts from the queue, or is transferred to): any status but away. */
  async claim(agentId: string): Promise<boolean> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: agentId, free: { $gt: 0 }, status: { $ne: 'away' } },
        { $inc: { load: 1, free: -1 }, $set: { lastAssignedAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    if (doc) await this.announce(doc);
    return doc !== null;
  }

  /** Gives back capacity a handover held (it was declined, moved, released or closed). */
  async unclaim(agentId: string): Promise<void> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: agentId, load: { $gt: 0 } },
        { $inc: { load: -1, free: 1 } },
        { returnDocument: 'after' },
      )
      .lean<PresenceDocument>();
    if (doc) await this.announce(doc);
  }

  private async announce(doc: PresenceDocument | null): Promise<void> {
    if (!doc) return;
    await this.events.publish('agent.presenceChanged', {
      agentId: doc._id,
      status: doc.status,
      load: doc.load,
    });
  }
}
