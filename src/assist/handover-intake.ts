import type { HandoverService } from '../domain/handovers/handover-service';
import { summaryFromTranscript } from '../domain/handovers/handover-rules';
import type { Interaction } from '../domain/interactions/interaction';
import type { InteractionService } from '../domain/interactions/interaction-service';
import type { DomainEvent } from '../domain/shared/events';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';

export interface HandoverIntakeDeps {
  handovers: () => HandoverService;
  interactions: () => InteractionService;
  logger: Logger;
}

function summaryOf(entry: Interaction | undefined, reason: string, channel: string): string {
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
      : await deps.interactions().handoverEntry(payload.handoverId, payload.customerId);
    const party: PartyRef | undefined = payload.customerId
      ? { customerId: payload.customerId }
      : payload.visitorId
        ? { visitorId: payload.visitorId }
        : entry?.party;
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
