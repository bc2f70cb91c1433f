import { renderVoice } from '../../../bot/rendering/render-voice';
import type { Reply } from '../../../bot/rendering/reply';
import type { TimelineRecorder } from '../../../domain/interactions/interaction';
import type { Clock } from '../../../domain/shared/clock';
import type { DomainEventPublisher } from '../../../domain/shared/events';
import { newId } from '../../../domain/shared/ids';
import type { TranscriptTurn, VoiceCallDocument } from './voice-call-model';
import type { VoiceCallStore } from './voice-call-store';
import { callInteraction, handoverInteraction } from './voice-call-timeline';
import type { CallStatusUpdate, GatherResult, IncomingCall } from './voice-payloads';
import { asksForAPerson, voiceLines } from './voice-policy';
import type { VoicePolicy } from './voice-policy';
import { sayAndEnqueue, sayAndGather } from './voice-twiml';
import type { TranscriptionStart } from './voice-twiml';
import type { LiveCallSink } from '../../../domain/handovers/live-call';
import type { VoiceTurnHandler } from './voice-turn-handler';

export interface VoiceCallFlowDeps {
  handler: VoiceTurnHandler;
  store: VoiceCallStore;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  policy: VoicePolicy;
  clock: Clock;
  logger: { warn(bindings: object, message: string): void };
  /** Where a call handed to an agent is transcribed live; without it, no transcription. */
  liveTranscription?: { start: () => TranscriptionStart; sink: () => LiveCallSink | undefined };
}

/** What one Gather answer leads to, before any of it is stored. */
type TurnDecision =
  | { kind: 'reply'; lines: string[]; misses: number }
  | { kind: 'transfer'; lines: string[]; misses: number; reason: string };

/** The speech loop of one call: greeting, turns, transfer and hang-up, each answered with TwiML. */
export class VoiceCallFlow {
  constructor(private readonly deps: VoiceCallFlowDeps) {}

  async answerCall(call: IncomingCall): Promise<string> {
    const existing = await this.deps.store.find(call.callSid);
    if (existing) return this.replayAnswer(existing, 0);
    const { greeting, customerName, party } = await this.deps.handler.startCall(call);
    const lines = spokenLines(greeting);
    const twiml = sayAndGather(lines, 1);
    const created = await this.deps.store.start({
      ...call,
      party,
      ...(customerName ? { customerName } : {}),
      greeting: this.botSays(lines),
      twiml,
    });
    if (created) return twiml;
    // Another delivery of this webhook won the race: answer as it did.
    const winner = await this.deps.store.find(call.callSid);
    return winner ? this.replayAnswer(winner, 0) : twiml;
  }

  async answerGather(result: GatherResult, turn: number): Promise<string> {
    const { store } = this.deps;
    const call = await store.claimTurn(result.callSid, turn);
    if (!call) {
      const known = await store.find(result.callSid);
      return known
        ? this.replayAnswer(known, turn)
        : sayAndEnqueue([voiceLines.callNotFound], this.deps.policy.queueName);
    }
    const heard = result.speech !== '' && result.confidence >= this.deps.policy.minConfidence;
    const decision = heard ? await this.understood(result, call, turn) : this.missed(call);
    const spoken: TranscriptTurn[] = [
      ...(heard ? [this.callerSays(result)] : []),
      this.botSays(decision.lines),
    ];
    const twiml =
      decision.kind === 'transfer'
        ? sayAndEnqueue(
            decision.lines,
            this.deps.policy.queueName,
            this.deps.liveTranscription?.start(),
          )
        : sayAndGather(decision.lines, turn + 1);
    const updated = await store.completeTurn(call._id, {
      turn,
      spoken,
      misses: decision.misses,
      twiml,
    });
    if (decision.kind === 'transfer' && updated) await this.transfer(updated, decision.reason);
    return twiml;
  }

  /** A terminal status callback: the call leaves the live store for the timeline. */
  async closeCall(update: CallStatusUpdate): Promise<void> {
    if (!update.terminalStatus) return;
    const ended = await this.deps.store.end(
      update.callSid,
      update.terminalStatus,
      this.deps.clock.now(),
      update.durationSeconds,
    );
    if (!ended) return;
    const outcome = ended.handoverId ? 'transferred' : update.terminalStatus;
    await this.deps.timeline.record(callInteraction(ended, outcome));
    // The agent's part of the call goes on her timeline too, if transcription never said it stopped.
    if (ended.handoverId) {
      await this.deps.liveTranscription?.sink()?.ended(ended._id, this.deps.clock.now());
    }
  }

  private async understood(
    result: GatherResult,
    call: VoiceCallDocument,
    turn: number,
  ): Promise<TurnDecision> {
    if (asksForAPerson(result.speech)) {
      return transferDecision('the caller asked for a person');
    }
    try {
      const answer = await this.deps.handler.turn({
        callSid: call._id,
        turn,
        from: call.from,
        speech: result.speech,
        confidence: result.confidence,
      });
      const lines = spokenLines(answer.reply);
      if (answer.transfer) {
        return {
          ...transferDecision(answer.transfer.reason),
          lines: [...lines, voiceLines.transferring],
        };
      }
      return { kind: 'reply', lines, misses: 0 };
    } catch (error) {
      this.deps.logger.warn({ err: error, callSid: call._id }, 'voice turn handler failed');
      // A caller left in silence hangs up; a person can still make the sale.
      return transferDecision('the assistant failed to answer');
    }
  }

  private missed(call: VoiceCallDocument): TurnDecision {
    const misses = call.misses + 1;
    if (misses >= this.deps.policy.maxMisses) {
      return { ...transferDecision('speech was not understood'), misses };
    }
    return { kind: 'reply', lines: [voiceLines.didNotCatch], misses };
  }

  private async transfer(call: VoiceCallDocument, reason: string): Promise<void> {
    const handoverId = newId('ho');
    if (!(await this.deps.store.markTransferred(call._id, handoverId))) return;
    const transferred = { ...call, handoverId };
    await this.deps.timeline.record(callInteraction(transferred, 'transferred'));
    await this.deps.timeline.record(handoverInteraction(transferred, handoverId, reason));
    await this.deps.events.publish('handover.requested', {
      handoverId,
      ...(call.customerId ? { customerId: call.customerId } : {}),
      channel: 'voice',
      reason,
      // The console's queue is the one Twilio holds the caller in.
      queue: this.deps.policy.queueName,
    });
  }

  /** A redelivered webhook gets the answer its first delivery got, or a fresh prompt for the current turn. */
  private replayAnswer(call: VoiceCallDocument, turn: number): string {
    if (call.lastAnswer?.turn === turn) return call.lastAnswer.twiml;
    if (call.state !== 'active') return sayAndEnqueue([], this.deps.policy.queueName);
    return sayAndGather([voiceLines.didNotCatch], call.nextTurn);
  }

  private botSays(lines: readonly string[]): TranscriptTurn {
    return { speaker: 'bot', text: lines.join(' '), at: this.deps.clock.now() };
  }

  private callerSays(result: GatherResult): TranscriptTurn {
    return {
      speaker: 'caller',
      text: result.speech,
      confidence: result.confidence,
      at: this.deps.clock.now(),
    };
  }
}

function spokenLines(reply: Reply): string[] {
  return renderVoice(reply).say;
}

function transferDecision(reason: string): TurnDecision {
  return { kind: 'transfer', lines: [voiceLines.transferring], misses: 0, reason };
}
