import { describeChannel, isChannel } from '../shared/channel';
import { DEFAULT_QUEUE, VOICE_QUEUE, handoverPriorities } from './handover';
import type { HandoverPriority } from './handover';

export interface HandoverClassificationInput {
  channel: string;
  reason: string;
  queue?: string;
  priority?: string;
}

/**
 * Which queue and how urgent, when the source did not say: a caller is holding the line (voice),
 * and a high-value cart is a sale about to be lost; everything else waits its turn in sales.
 */
export function classifyHandover(input: HandoverClassificationInput): {
  queue: string;
  priority: HandoverPriority;
} {
  const onCall =
    isChannel(input.channel) && describeChannel(input.channel).handover === 'call-transfer';
  const queue = input.queue?.trim() || (onCall ? VOICE_QUEUE : DEFAULT_QUEUE);
  const given = (handoverPriorities as readonly string[]).includes(input.priority ?? '')
    ? (input.priority as HandoverPriority)
    : undefined;
  const derived: HandoverPriority =
    onCall || input.reason === 'voice-transfer'
      ? 'urgent'
      : input.reason === 'high-value-cart'
        ? 'high'
        : 'normal';
  return { queue, priority: given ?? derived };
}

const TRANSCRIPT_TURNS = 6;

/** A voice handover's summary from the call transcript the connector recorded: the last few turns. */
export function summaryFromTranscript(
  reason: string,
  transcript: ReadonlyArray<{ speaker?: unknown; text?: unknown }>,
): string {
  const speakers: Record<string, string> = { caller: 'Caller', bot: 'Assistant', agent: 'Agent' };
  const turns = transcript.slice(-TRANSCRIPT_TURNS).map((turn) => {
    const speaker = String(turn.speaker ?? '');
    return `${speakers[speaker] ?? 'Caller'}: ${String(turn.text ?? '')}`.trim();
  });
  const said = turns.length > 0 ? ` Call so far: ${turns.join(' / ')}` : '';
  // Voice says why in words ("caller asked"); a code is not for the agent to decode.
  const words = reason === 'customer-asked' ? 'she asked for a person' : reason;
  const why = /\s/.test(words) ? ` (${words})` : '';
  return `Call transferred to a person${why}.${said}`;
}
