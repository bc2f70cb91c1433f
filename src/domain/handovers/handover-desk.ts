import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import type { PartyRef } from '../shared/party';
import type { Handover } from './handover';
import type { HandoverService, NewHandover } from './handover-service';
import type { PresenceService } from './presence-service';

/**
 * What she can expect once she asked for a person: someone has it now, she waits behind others
 * while agents are on shift, or nobody serves that queue at the moment.
 */
export type HandoverOutlook =
  { kind: 'with-agent' } | { kind: 'queued'; position: number } | { kind: 'closed' };

/** What the customer is told when her handover moves without her doing anything. */
export type HandoverNotice =
  | { kind: 'joined'; agentName: string }
  | { kind: 'left'; agentName: string }
  | { kind: 'handed-on'; agentName?: string }
  | { kind: 'back-to-bot' }
  | { kind: 'escalated' }
  | { kind: 'queued'; position: number };

/** Tells her, on her own channel (the assist side renders the words). */
export interface CustomerNotifier {
  tell(handover: Handover, notice: HandoverNotice): Promise<void>;
}

/** The number a call back goes to: her mobile, or the number she texted or called from. */
export interface CallbackNumbers {
  numberOf(party: PartyRef): Promise<string | undefined>;
}

/** What the bot asks of the desk: a request answered durably, and her answers while she waits. */
export interface HandoverDeskPort {
  request(input: NewHandover & { id: string }): Promise<{
    handover: Handover;
    created: boolean;
    outlook: HandoverOutlook;
  }>;
  /** The open conversation handover in which a person answers her; the bot is silent meanwhile. */
  holding(party: PartyRef): Promise<Handover | undefined>;
  /** "never mind", "back to the bot": her open conversation ends and the bot answers again. */
  customerCancels(party: PartyRef): Promise<Handover | undefined>;
  /** She would rather be called: the waiting conversation becomes a call back in the same queue. */
  customerWantsCallback(party: PartyRef): Promise<{ handover?: Handover; number?: string }>;
}

export interface HandoverDeskOptions {
  notifier: CustomerNotifier;
  numbers: CallbackNumbers;
  /** A conversation waiting longer than this is escalated to supervisors. */
  escalateAfterMs: number;
  /** An agent whose last console closed this long ago has left: her conversations move on. */
  agentGoneAfterMs: number;
  clock?: Clock;
}

/**
 * The customer's side of a handover: every way one ends leaves her answered, by the bot (told she
 * is back with it) or by the next agent. The store is the truth the bot consults on each turn, so
 * an ending needs no second message to the bot to take effect.
 */
export class HandoverDesk implements HandoverDeskPort {
  private readonly clock: Clock;

  constructor(
    private readonly handovers: HandoverService,
    private readonly presence: PresenceService,
    private readonly options: HandoverDeskOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async request(input: NewHandover & { id: string }) {
    const { handover, created } = await this.handovers.requestOnce(input);
    return { handover, created, outlook: await this.outlook(handover) };
  }

  async outlook(handover: Handover): Promise<HandoverOutlook> {
    if (handover.status !== 'waiting') return { kind: 'with-agent' };
    const staffing = await this.presence.staffing(handover.queue);
    if (staffing.present === 0) return { kind: 'closed' };
    return { kind: 'queued', position: await this.handovers.positionOf(handover) };
  }

  holding(party: PartyRef): Promise<Handover | undefined> {
    return this.handovers.openConversationOf(party);
  }

  async customerCancels(party: PartyRef): Promise<Handover | undefined> {
    const open = await this.handovers.openConversationOf(party);
    if (!open) return undefined;
    return this.handovers.cancel(open.id, 'customer', 'She went back to the assistant');
  }

  async customerWantsCallback(party: PartyRef): Promise<{ handover?: Handover; number?: string }> {
    const open = await this.handovers.openConversationOf(party);
    if (!open || open.status !== 'waiting') return open ? { handover: open } : {};
    const number = await this.options.numbers.numberOf(party);
    if (!number) return { handover: open };
    const moved = await this.handovers.toCallback(open.id, number);
    return moved ? { handover: moved, number } : { handover: open };
  }

  /** An agent joined, or ended it (the bot answers her next): she hears it on her channel. */
  tell(handover: Handover, notice: HandoverNotice): Promise<void> {
    return this.options.notifier.tell(handover, notice);
  }

  /**
   * Moved to a queue by an agent: she waits her turn there when someone serves it, otherwise the
   * bot takes her back rather than leave her waiting for nobody.
   */
  async queuedByAgent(handover: Handover): Promise<Handover> {
    if (handover.status !== 'waiting') return handover;
    const outlook = await this.outlook(handover);
    if (outlook.kind === 'queued') {
      await this.options.notifier.tell(handover, outlook);
      return handover;
    }
    return this.backToBot(handover);
  }

  /** Her agent left: each conversation goes to the next agent, or back to the bot. */
  async agentLeft(agentId: string, agentName?: string): Promise<void> {
    for (const held of await this.handovers.heldBy(agentId)) {
      const wasTalking = held.status === 'accepted';
      const moved = await this.handovers.returnToQueue(held.id, 'system');
      if (!moved) continue;
      if (moved.routed) {
        if (wasTalking) {
          await this.options.notifier.tell(moved.handover, {
            kind: 'handed-on',
            ...(agentName ? { agentName } : {}),
          });
        }
        continue;
      }
      const outlook = await this.outlook(moved.handover);
      if (outlook.kind === 'queued') {
        if (wasTalking) await this.options.notifier.tell(moved.handover, outlook);
      } else {
        await this.backToBot(moved.handover);
      }
    }
  }

  /**
   * The periodic pass every app node runs (each move is conditional, so one node wins each):
   * conversations waiting too long are escalated, and agents gone too long hand theirs on.
   */
  async sweep(): Promise<void> {
    const now = this.clock.now().getTime();
    const escalated = await this.handovers.escalateOverdue(
      new Date(now - this.options.escalateAfterMs),
    );
    for (const handover of escalated) {
      await this.options.notifier.tell(handover, { kind: 'escalated' });
    }
    const gone = await this.presence.goneSince(new Date(now - this.options.agentGoneAfterMs));
    for (const agentId of gone) {
      const presence = await this.presence.get(agentId);
      await this.agentLeft(agentId, presence?.displayName);
    }
  }

  private async backToBot(handover: Handover): Promise<Handover> {
    const released = await this.handovers.giveBackToBot(handover.id, 'Nobody could take it');
    if (!released) return handover;
    await this.options.notifier.tell(released, { kind: 'back-to-bot' });
    return released;
  }
}
