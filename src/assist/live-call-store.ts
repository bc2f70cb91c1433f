import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type {
  LiveCallRef,
  LiveCallState,
  LiveNeed,
  LiveSpeaker,
  LiveSuggestion,
  SuggestionStatus,
} from '../domain/handovers/live-call';
import { isDuplicateKeyError } from '../domain/shared/duplicate-key';
import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';

export interface StoredLine {
  sequence: number;
  speaker: LiveSpeaker;
  text: string;
  confidence?: number;
  at: Date;
}

/** One call an agent is on: its final lines, what was suggested and decided, what she said. */
export interface LiveCallDocument {
  /** The CallSid. */
  _id: string;
  party: PartyRef;
  partyKey: string;
  handoverId: string;
  state: LiveCallState;
  lines: StoredLine[];
  needs: LiveNeed[];
  suggestions: LiveSuggestion[];
  heardPhrases: string[];
  startedAt: Date;
  endedAt?: Date;
  summary?: string;
}

export type LiveCallModel = Model<LiveCallDocument>;

interface PendingLine {
  callSid: string;
  line: StoredLine;
  resolve: (kept: boolean) => void;
  reject: (error: unknown) => void;
}

function liveCallSchema(): Schema<LiveCallDocument> {
  const schema = new Schema<LiveCallDocument>(
    {
      _id: { type: String, required: true },
      party: { type: Schema.Types.Mixed, required: true },
      partyKey: { type: String, required: true },
      handoverId: { type: String, required: true },
      state: { type: String, enum: ['live', 'ended'], required: true },
      lines: { type: Schema.Types.Mixed, default: [] },
      needs: { type: Schema.Types.Mixed, default: [] },
      suggestions: { type: Schema.Types.Mixed, default: [] },
      heardPhrases: { type: [String], default: [] },
      startedAt: { type: Date, required: true },
      endedAt: Date,
      summary: String,
    },
    { collection: 'live_calls', versionKey: false, minimize: false },
  );
  schema.index({ handoverId: 1 });
  return schema;
}

export function registerLiveCallModel(connection: Connection): LiveCallModel {
  return (
    (connection.models.LiveCall as LiveCallModel | undefined) ??
    connection.model<LiveCallDocument>('LiveCall', liveCallSchema())
  );
}

/**
 * Every change is one conditional update on the call's document, so the nodes that receive a
 * call's events in parallel never store a line, a suggestion or the ending twice.
 */
export class LiveCallStore {
  /** Final lines waiting for the next batched write (see addLine). */
  private pendingLines: PendingLine[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly calls: LiveCallModel,
    private readonly lineBatch: { maxWaitMs: number; maxLines: number } = {
      maxWaitMs: 5,
      maxLines: 200,
    },
  ) {}

  find(callSid: string): Promise<LiveCallDocument | null> {
    return this.calls.findById(callSid).lean<LiveCallDocument>().exec();
  }

  /** The latest call of a handover (a callback may have several). */
  async ofHandover(handoverId: string): Promise<LiveCallDocument | null> {
    const [latest] = await this.calls
      .find({ handoverId })
      .sort({ startedAt: -1 })
      .limit(1)
      .lean<LiveCallDocument[]>()
      .exec();
    return latest ?? null;
  }

  /** Creates the call unless it exists; true when this request created it. */
  async ensure(ref: LiveCallRef, at: Date): Promise<boolean> {
    try {
      const result = await this.calls
        .updateOne(
          { _id: ref.callSid },
          {
            $setOnInsert: {
              party: ref.party,
              partyKey: partyKey(ref.party),
              handoverId: ref.handoverId,
              state: 'live',
              lines: [],
              needs: [],
              suggestions: [],
              heardPhrases: [],
              startedAt: at,
            },
          },
          { upsert: true },
        )
        .exec();
      return result.upsertedCount === 1;
    } catch (error) {
      // Two first events of one call raced on the upsert: the other created it.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Keeps a final line once; false for a line already kept. The lines of every call arriving
   * within a few milliseconds go in one unordered bulk write (one round trip, no read-back), each
   * still conditional on its sequence not being kept. A bulk write counts what it changed but not
   * which: when only some of a batch were kept already (a redelivery that got past the delivery
   * dedupe), each of that batch is reported kept now; downstream steps are idempotent.
   */
  addLine(callSid: string, line: StoredLine): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pendingLines.push({ callSid, line, resolve, reject });
      if (this.pendingLines.length >= this.lineBatch.maxLines) this.flushLines();
      else this.flushTimer ??= setTimeout(() => this.flushLines(), this.lineBatch.maxWaitMs);
    });
  }

  private flushLines(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pendingLines;
    this.pendingLines = [];
    if (batch.length === 0) return Promise.resolve();
    // The same line twice in one batch: written once, the second answered false.
    const seen = new Set<string>();
    const writes: PendingLine[] = [];
    for (const entry of batch) {
      const key = `${entry.callSid}\u0000${entry.line.sequence}`;
      if (seen.has(key)) entry.resolve(false);
      else {
        seen.add(key);
        writes.push(entry);
      }
    }
    const written = this.calls
      .bulkWrite(
        writes.map(({ callSid, line }) => ({
          updateOne: {
            filter: { _id: callSid, 'lines.sequence': { $ne: line.sequence } },
            update: { $push: { lines: line } },
          },
        })),
        { ordered: false },
      )
      .then(
        (result) => {
          const kept = result.modifiedCount > 0;
          for (const entry of writes) entry.resolve(kept);
        },
        (error: unknown) => {
          for (const entry of writes) entry.reject(error);
        },
      );
    this.writing.add(written);
    void written.finally(() => this.writing.delete(written));
    return written;
  }

  /** Lines this node accepted for the call are written before anything reads the whole call. */
  private async linesWritten(callSid: string): Promise<void> {
    if (this.pendingLines.some((entry) => entry.callSid === callSid)) void this.flushLines();
    await Promise.all([...this.writing]);
  }

  async addNeeds(callSid: string, needs: readonly LiveNeed[]): Promise<void> {
    if (needs.length === 0) return;
    await this.calls.updateOne({ _id: callSid }, { $push: { needs: { $each: needs } } }).exec();
  }

  /** Stores a suggestion unless this call already suggested the same offering; true when stored. */
  async addSuggestion(callSid: string, suggestion: LiveSuggestion): Promise<boolean> {
    const result = await this.calls
      .updateOne(
        { _id: callSid, state: 'live', 'suggestions.offeringId': { $ne: suggestion.offeringId } },
        { $push: { suggestions: suggestion } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** Moves a shown suggestion to `status`; null when it was decided already. */
  async decide(
    callSid: string,
    suggestionId: string,
    status: Exclude<SuggestionStatus, 'shown'>,
    at: Date,
  ): Promise<LiveCallDocument | null> {
    const call = await this.find(callSid);
    // Suggestions are only ever appended: the index found here stays the suggestion's.
    const index = call?.suggestions.findIndex((suggestion) => suggestion.id === suggestionId) ?? -1;
    if (!call || index < 0) return null;
    const path = `suggestions.${index}`;
    return this.calls
      .findOneAndUpdate(
        { _id: callSid, [`${path}.id`]: suggestionId, [`${path}.status`]: 'shown' },
        { $set: { [`${path}.status`]: status, [`${path}.decidedAt`]: at } },
        { returnDocument: 'after' },
      )
      .lean<LiveCallDocument>()
      .exec();
  }

  /** Marks a phrase heard; true the first time. */
  async hear(callSid: string, phraseId: string): Promise<boolean> {
    const result = await this.calls
      .updateOne(
        { _id: callSid, heardPhrases: { $ne: phraseId } },
        { $push: { heardPhrases: phraseId } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** Ends the call once; null when it had ended already (or never started). */
  end(callSid: string, at: Date, summary: (call: LiveCallDocument) => string) {
    return this.endWith(callSid, at, summary);
  }

  private async endWith(
    callSid: string,
    at: Date,
    summary: (call: LiveCallDocument) => string,
  ): Promise<LiveCallDocument | null> {
    await this.linesWritten(callSid);
    const ended = await this.calls
      .findOneAndUpdate(
        { _id: callSid, state: 'live' },
        { $set: { state: 'ended', endedAt: at } },
        { returnDocument: 'after' },
      )
      .lean<LiveCallDocument>()
      .exec();
    if (!ended) return null;
    const text = summary(ended);
    await this.calls.updateOne({ _id: callSid }, { $set: { summary: text } }).exec();
    return { ...ended, summary: text };
  }
}
