import { isDuplicateKeyError } from '../shared/duplicate-key';
import { newId } from '../shared/ids';
import { duplicateKeyIndexes } from './duplicate-key';
import type { MediaAttachment, SmsMessage, SmsPurpose } from './sms-message';
import type { SmsMessageModel } from './sms-message-model';
import { smsStatusRank } from './sms-status';
import type { SmsStatus } from './sms-status';

export interface InboundSmsRecord {
  twilioSid: string;
  from: string;
  to: string;
  body: string;
  media: MediaAttachment[];
  messagingServiceSid?: string;
  numSegments?: number;
}

export interface InboundOutcome {
  outcome: 'stored' | 'duplicate';
  messageId: string;
}

export interface OutboundSmsRecord {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  media: MediaAttachment[];
  purpose: SmsPurpose;
  idempotencyKey?: string;
  /** When it counts as stored (a rate gate's slot); now by default. */
  createdAt?: Date;
}

export interface StatusChange {
  status: SmsStatus;
  errorCode?: number;
}

/** Whether a job run may act on an inbound message now. */
export type HandlingClaim =
  { outcome: 'claimed' } | { outcome: 'handled' } | { outcome: 'held'; until: Date };

/** Which message a status callback is about: ours by id when we know it, else Twilio's sid. */
export type StatusTarget = { messageId: string; twilioSid?: string } | { twilioSid: string };

/** Reads and writes SMS records; every write that could race is a single conditional update. */
export class SmsMessageStore {
  constructor(private readonly model: SmsMessageModel) {}

  /**
   * Stores inbound messages unless their MessageSid already is: the unique index decides, so two
   * app nodes receiving the same webhook at once store it once. One write for the whole batch;
   * each message gets its own outcome.
   */
  async recordInbound(records: InboundSmsRecord[]): Promise<InboundOutcome[]> {
    const now = new Date();
    const messages: SmsMessage[] = records.map((record) => ({
      _id: newId('sms'),
      direction: 'inbound',
      ...record,
      status: 'received',
      statusRank: smsStatusRank('received'),
      purpose: 'conversational',
      createdAt: now,
      updatedAt: now,
    }));
    const duplicates = new Set<number>();
    try {
      // The hot path of every webhook: records are typed and their input validated already, so
      // mongoose's document building (half the cost of an insert) is skipped.
      await this.model.insertMany(messages, { ordered: false, lean: true });
    } catch (error) {
      for (const index of duplicateKeyIndexes(error, messages.length)) duplicates.add(index);
    }
    if (duplicates.size === 0) {
      return messages.map((message) => ({ outcome: 'stored', messageId: message._id }));
    }
    const sids = [...duplicates].map((index) => records[index]!.twilioSid);
    const existing = await this.model
      .find({ twilioSid: { $in: sids } }, { _id: 1, twilioSid: 1 })
      .lean<Array<Pick<SmsMessage, '_id' | 'twilioSid'>>>();
    const idBySid = new Map(existing.map((message) => [message.twilioSid, message._id]));
    return messages.map((message, index) => {
      if (!duplicates.has(index)) return { outcome: 'stored', messageId: message._id };
      const messageId = idBySid.get(message.twilioSid);
      if (!messageId)
        throw new Error(`message ${message.twilioSid} vanished after a duplicate key`);
      return { outcome: 'duplicate', messageId };
    });
  }

  /** A record with an idempotency key already stored returns that message's id instead. */
  async createOutbound(record: OutboundSmsRecord): Promise<string> {
    const messageId = newId('sms');
    try {
      await this.model.create({
        _id: messageId,
        direction: 'outbound',
        ...record,
        status: 'accepted',
        statusRank: smsStatusRank('accepted'),
      });
    } catch (error) {
      if (record.idempotencyKey === undefined || !isDuplicateKeyError(error)) throw error;
      const earlier = await this.model
        .findOne({ idempotencyKey: record.idempotencyKey }, { _id: 1 })
        .lean<{ _id: string }>();
      if (!earlier) throw error;
      return earlier._id;
    }
    return messageId;
  }

  async findById(messageId: string): Promise<SmsMessage | null> {
    return this.model.findById(messageId).lean<SmsMessage>();
  }

  async findByTwilioSid(twilioSid: string): Promise<SmsMessage | null> {
    return this.model.findOne({ twilioSid }).lean<SmsMessage>();
  }

  /** Twilio took the message: remember its sid (callbacks may have set it first; same value). */
  async recordTwilioAcceptance(
    messageId: string,
    accepted: { twilioSid: string; from?: string; numSegments?: number; status: SmsStatus },
  ): Promise<void> {
    const { status, ...identity } = accepted;
    await this.model.updateOne({ _id: messageId }, { $set: withoutUndefined(identity) });
    await this.advanceStatus({ messageId }, { status });
  }

  /**
   * Moves the status forward only: the rank filter makes a late or repeated status a no-op, and
   * atomically so, whichever node applies it. Returns whether the message changed.
   */
  async advanceStatus(target: StatusTarget, change: StatusChange): Promise<boolean> {
    const rank = smsStatusRank(change.status);
    const filter =
      'messageId' in target
        ? {
            _id: target.messageId,
            // A callback about another Twilio message must not touch this one.
            ...(target.twilioSid
              ? { $or: [{ twilioSid: target.twilioSid }, { twilioSid: { $exists: false } }] }
              : {}),
          }
        : { twilioSid: target.twilioSid };
    const result = await this.model.updateOne(
      { ...filter, statusRank: { $lt: rank } },
      {
        $set: withoutUndefined({
          status: change.status,
          statusRank: rank,
          errorCode: change.errorCode,
          twilioSid: 'messageId' in target ? target.twilioSid : undefined,
        }),
      },
    );
    return result.modifiedCount > 0;
  }

  /**
   * Inbound messages accepted before `acceptedBefore`, not yet acted on and not being acted on:
   * the ones whose queue job may be gone (Redis restarted empty). Oldest first.
   */
  async findUnhandledInbound(
    acceptedBefore: Date,
    limit: number,
  ): Promise<Array<{ messageId: string; twilioSid: string }>> {
    const found = await this.model
      .find(
        {
          direction: 'inbound',
          handledAt: { $exists: false },
          createdAt: { $lt: acceptedBefore },
          $or: [{ claimedUntil: { $exists: false } }, { claimedUntil: { $lt: new Date() } }],
        },
        { _id: 1, twilioSid: 1 },
      )
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<Array<Pick<SmsMessage, '_id' | 'twilioSid'>>>();
    return found.flatMap((message) =>
      message.twilioSid ? [{ messageId: message._id, twilioSid: message.twilioSid }] : [],
    );
  }

  /**
   * One atomic update decides which job run acts on an inbound message: a run claims it when
   * nobody holds it, when it already holds it (its own retry), or when the holder's lease ran out.
   */
  async claimForHandling(
    messageId: string,
    holder: string,
    leaseMs: number,
  ): Promise<HandlingClaim> {
    const now = new Date();
    const claimed = await this.model.updateOne(
      {
        _id: messageId,
        handledAt: { $exists: false },
        $or: [
          { claimedBy: { $exists: false } },
          { claimedBy: holder },
          { claimedUntil: { $lt: now } },
        ],
      },
      { $set: { claimedBy: holder, claimedUntil: new Date(now.getTime() + leaseMs) } },
    );
    if (claimed.modifiedCount > 0) return { outcome: 'claimed' };
    const current = await this.model
      .findById(messageId, { handledAt: 1, claimedUntil: 1 })
      .lean<Pick<SmsMessage, 'handledAt' | 'claimedUntil'>>();
    if (!current || current.handledAt) return { outcome: 'handled' };
    return { outcome: 'held', until: current.claimedUntil ?? now };
  }

  async markHandled(messageId: string): Promise<void> {
    await this.model.updateOne(
      { _id: messageId, handledAt: { $exists: false } },
      { $set: { handledAt: new Date() } },
    );
  }
}

function withoutUndefined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
