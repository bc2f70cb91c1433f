import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

export type Speaker = 'caller' | 'bot';

export interface TranscriptTurn {
  speaker: Speaker;
  text: string;
  /** Speech recognition's confidence, for caller turns. */
  confidence?: number;
  at: Date;
}

export type CallState = 'active' | 'transferred' | 'ended';

/** The live state of one call, kept only while the timeline entry cannot be written yet. */
export interface VoiceCallDocument {
  /** The CallSid: every webhook of one call finds the same document, on whichever app node. */
  _id: string;
  from: string;
  to: string;
  customerId?: string;
  visitorId?: string;
  customerName?: string;
  state: CallState;
  /** The `?turn=` the next Gather answer must carry; a lower one is a redelivery. */
  nextTurn: number;
  /** Consecutive turns nothing usable was heard. */
  misses: number;
  transcript: TranscriptTurn[];
  /** The TwiML sent for the latest turn, so a redelivery gets the same answer. */
  lastAnswer?: { turn: number; twiml: string };
  handoverId?: string;
  outcome?: string;
  durationSeconds?: number;
  startedAt: Date;
  endedAt?: Date;
}

export type VoiceCallModel = Model<VoiceCallDocument>;

function voiceCallSchema(): Schema<VoiceCallDocument> {
  const turn = new Schema<TranscriptTurn>(
    {
      speaker: { type: String, enum: ['caller', 'bot'], required: true },
      text: { type: String, required: true },
      confidence: Number,
      at: { type: Date, required: true },
    },
    { _id: false },
  );
  return new Schema<VoiceCallDocument>(
    {
      _id: { type: String, required: true },
      from: { type: String, required: true },
      to: { type: String, required: true },
      customerId: String,
      visitorId: String,
      customerName: String,
      state: { type: String, enum: ['active', 'transferred', 'ended'], required: true },
      nextTurn: { type: Number, required: true },
      misses: { type: Number, required: true },
      transcript: { type: [turn], default: [] },
      lastAnswer: {
        type: new Schema({ turn: Number, twiml: String }, { _id: false }),
        required: false,
      },
      handoverId: String,
      outcome: String,
      durationSeconds: Number,
      startedAt: { type: Date, required: true },
      endedAt: Date,
    },
    { collection: 'voice_calls', versionKey: false },
  );
}

export function registerVoiceCallModel(connection: Connection): VoiceCallModel {
  return (
    (connection.models.VoiceCall as VoiceCallModel | undefined) ??
    connection.model<VoiceCallDocument>('VoiceCall', voiceCallSchema())
  );
}
