import { isDuplicateKeyError } from '../../../domain/shared/duplicate-key';
import type { PartyRef } from '../../../domain/shared/party';
import type { TerminalCallStatus } from './voice-payloads';
import type { TranscriptTurn, VoiceCallDocument, VoiceCallModel } from './voice-call-model';

export interface NewVoiceCall {
  callSid: string;
  from: string;
  to: string;
  party: PartyRef;
  customerName?: string;
  greeting: TranscriptTurn;
  /** The greeting's TwiML, kept as turn 0's answer for a redelivered incoming-call webhook. */
  twiml: string;
}

/**
 * Every change is one conditional update on the call's document, so two app nodes (or a webhook
 * and its retry) racing on one call cannot both win a turn or both end it.
 */
export class VoiceCallStore {
  constructor(private readonly calls: VoiceCallModel) {}

  find(callSid: string): Promise<VoiceCallDocument | null> {
    return this.calls.findById(callSid).lean<VoiceCallDocument>().exec();
  }

  /** Creates the call; false when a redelivery already created it. */
  async start(call: NewVoiceCall): Promise<boolean> {
    try {
      await this.calls.create({
        _id: call.callSid,
        from: call.from,
        to: call.to,
        ...(call.party.customerId
          ? { customerId: call.party.customerId }
          : { visitorId: call.party.visitorId }),
        ...(call.customerName ? { customerName: call.customerName } : {}),
        state: 'active',
        nextTurn: 1,
        misses: 0,
        transcript: [call.greeting],
        lastAnswer: { turn: 0, twiml: call.twiml },
        startedAt: call.greeting.at,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Takes turn `turn` for this request; null when it was already taken (a redelivery) or the call moved on. */
  claimTurn(callSid: string, turn: number): Promise<VoiceCallDocument | null> {
    return this.calls
      .findOneAndUpdate(
        { _id: callSid, state: 'active', nextTurn: turn },
        { $inc: { nextTurn: 1 } },
        { returnDocument: 'after' },
      )
      .lean<VoiceCallDocument>()
      .exec();
  }

  async completeTurn(
    callSid: string,
    outcome: { turn: number; spoken: TranscriptTurn[]; misses: number; twiml: string },
  ): Promise<VoiceCallDocument | null> {
    return this.calls
      .findOneAndUpdate(
        { _id: callSid },
        {
          $push: { transcript: { $each: outcome.spoken } },
          $set: {
            misses: outcome.misses,
            lastAnswer: { turn: outcome.turn, twiml: outcome.twiml },
          },
        },
        { returnDocument: 'after' },
      )
      .lean<VoiceCallDocument>()
      .exec();
  }

  /** True for the one request that moves the call from the bot to the queue. */
  async markTransferred(callSid: string, handoverId: string): Promise<boolean> {
    const result = await this.calls
      .updateOne({ _id: callSid, state: 'active' }, { $set: { state: 'transferred', handoverId } })
      .exec();
    return result.modifiedCount === 1;
  }

  /** Ends the call once; null when it had already ended. */
  end(
    callSid: string,
    status: TerminalCallStatus,
    endedAt: Date,
    durationSeconds?: number,
  ): Promise<VoiceCallDocument | null> {
    return this.calls
      .findOneAndUpdate(
        { _id: callSid, state: { $ne: 'ended' } },
        {
          $set: {
            state: 'ended',
            outcome: status,
            endedAt,
            ...(durationSeconds !== undefined ? { durationSeconds } : {}),
          },
        },
        { returnDocument: 'after' },
      )
      .lean<VoiceCallDocument>()
      .exec();
  }
}
