import { ActivityTypes } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { Reply } from '../rendering/reply';
import { renderVoice } from '../rendering/render-voice';

/** Marks outgoing activities that carry a channel-neutral Reply in `value`. */
export const REPLY_VALUE_TYPE = 'sales-assist/reply';

/**
 * A Reply as a botbuilder message activity. `text` holds a plain reading of it (the spoken form,
 * which has no markup and no numbering tied to one channel) so transcripts and tests can read it;
 * connectors render the Reply in `value` for their own channel.
 */
export function replyActivity(reply: Reply): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text: renderVoice(reply).say.join(' '),
    valueType: REPLY_VALUE_TYPE,
    value: reply,
  };
}

export function replyOf(activity: Partial<Activity>): Reply | undefined {
  if (activity.valueType !== REPLY_VALUE_TYPE) return undefined;
  return activity.value as Reply;
}

/** One turn's replies as one: SMS and voice number choices across blocks, so one map serves. */
export function mergeReplies(replies: readonly Reply[]): Reply | undefined {
  if (replies.length === 0) return undefined;
  if (replies.length === 1) return replies[0];
  return { blocks: replies.flatMap((reply) => reply.blocks) };
}
