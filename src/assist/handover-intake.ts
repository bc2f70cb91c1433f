import type { HandoverService } from '../domain/handovers/handover-service';
import { summaryFromTranscript } from '../domain/handovers/handover-rules';
import type { InteractionDocument, InteractionModels } from '../domain/interactions/models';
import type { DomainEvent } from '../domain/shared/events';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';

export interface HandoverIntakeDeps {
  handovers: () => HandoverService;
  interactionModels: () => InteractionModels;
  logger: Logger;
}

/**
 * The handover's timeline entry, which its source records before raising the event: the bot keys
 * it `handover:<handoverId>`, the voice connector refers to it by `ref.id`.
 */
async function handoverEntry(
  models: InteractionModels,
  handoverId: string,
  customerId: string | undefined,
): Promise<InteractionDocument | undefined> {
  const byKey = await models.Interaction.findOne({
    dedupeKey: `handover:${handoverId}`,
  }).lean<InteractionDocument>();
  if (byKey) return byKey;
  const byRef = await models.Interaction.findOne({
    ...(customerId ? { customerId } : {}),
    kind: 'handover',
    'ref.id': handoverId,
  }).lean<InteractionDocument>();
  return byRef ?? undefined;
}

function summaryOf(
  entry: InteractionDocument | undefined,
  reason: string,
  channel: string,
): string {
  const details = entry?.details ?? {};
  if (typeof details.summary === 'string' && details.summary.trim()) return details.summary;
  if (Array.isArray(details.transcript)) {
    return summaryFromTranscript(
      reason,
      details.transcript as Array<{ speaker?: unknown; text?: unknown }>,
    );
  }
  return entry?.summary ?? `Handed over on ${channel}: ${reason}`;
}

/**
 * `handover.requested` → a handover in its queue, routed. The event reaches every process; the
 * handover's id is the document's `_id`, so exactly one of them creates and routes it.
 */
export function handoverIntake(deps: HandoverIntakeDeps) {
  return async (event: DomainEvent<'handover.requested'>): Promise<void> => {
    const payload = event.payload;
    // A source that says who and what (summary) needs no look-up; the bot and voice say less.
    const complete = payload.summary !== undefined && (payload.customerId ?? payload.visitorId);
    const entry = complete
      ? undefined
      : await handoverEntry(deps.interactionModels(), payload.handoverId, payload.customerId);
    const party: PartyRef | undefined = payload.customerId
      ? { customerId: payload.customerId }
      : payload.visitorId
        ? { visitorId: payload.visitorId }
        : entry?.customerId
          ? { customerId: entry.customerId }
          : entry?.visitorId
            ? { visitorId: entry.visitorId }
            : undefined;
    if (!party) {
      deps.logger.warn({ handoverId: payload.handoverId }, 'handover without a party: not queued');
      return;
    }
    const conversationId = payload.conversationId ?? entry?.conversationId;
    const created = await deps.handovers().request({
      id: payload.handoverId,
      party,
      channel: payload.channel,
      reason: payload.reason,
      summary: payload.summary ?? summaryOf(entry, payload.reason, payload.channel),
      ...(payload.queue ? { queue: payload.queue } : {}),
      ...(payload.priority ? { priority: payload.priority } : {}),
      ...(conversationId ? { conversationId } : {}),
    });
    if (created) {
      deps.logger.info(
        { handoverId: created.id, queue: created.queue, status: created.status },
        'handover queued',
      );
    }
  };
}
