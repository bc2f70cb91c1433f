import type { Reply } from '../rendering/reply';
import type { Storage, TurnContext } from 'botbuilder';
import { partyKey } from '../../domain/shared/party';
import type { PartyRef } from '../../domain/shared/party';
import { inboundOf } from '../turn/inbound';
import { OptimisticBotState } from './optimistic-bot-state';

/**
 * Bot state keyed by the party (customer or visitor), never by channel: botbuilder's own
 * ConversationState keys by channel and conversation, which would give a customer who texts and
 * then opens web chat two memories. Connectors resolve identity first; the key comes from the
 * party of the inbound turn.
 */
export class PartyConversationState extends OptimisticBotState {
  constructor(private readonly store: Storage) {
    super(store, (context: TurnContext) => Promise.resolve(keyOf(inboundOf(context).party)));
  }

  /**
   * A visitor proved her number mid-turn: the conversation (open dialogs and memory) goes on under
   * the customer, whose key the next turn arrives with. Call before `saveChanges`.
   */
  async carryTo(context: TurnContext, party: PartyRef): Promise<void> {
    const state = this.get(context) as Record<string, unknown> | undefined;
    if (!state) return;
    const { eTag: _loaded, ...rest } = state;
    void _loaded;
    await this.store.write({ [keyOf(party)]: { ...rest, eTag: '*' } });
  }
}

function keyOf(party: PartyRef): string {
  return `party-conversation/${partyKey(party)}`;
}

/** What the bot remembers between turns, beside the dialog stack. */
export interface SalesMemory {
  /** Message ids already answered (newest last), so a redelivered message changes nothing. */
  answered: string[];
  /** What a bare reply ("2", "Y") meant in the last reply, per channel form. */
  choiceMap: Record<string, string>;
  /** The options the last reply offered, for the understanding's "the second one". */
  lastChoices: Array<{ id: string; label: string }>;
  /** Options the last reply left out for length, shown on "MORE". */
  hiddenChoices: Array<{ id: string; label: string }>;
  /** Turns in a row the bot did not understand. */
  misunderstood: number;
  /**
   * The last turn's answer, so a redelivery of that message (a retried job whose send failed)
   * gets the same replies back to send again under the same idempotency keys.
   */
  lastTurn?: { messageId: string; replies: Reply[] };
  /** A person holds the conversation since then: the bot stays silent. */
  handover?: { id: string; at: string; reason: string };
  /** The campaign this party came from, carried into her cart. */
  campaignId?: string;
  /** When the bot last said hello (a channel's greeting or a "hi"): it does not say it twice. */
  greetedAt?: string;
  /** The offer last shown or talked about, for "add it" and "how much is it?". */
  focusOfferingId?: string;
  /** The last few things the bot did, for the summary a person reads on handover. */
  recent: string[];
  /** A message whose turn failed unexpectedly once: its next delivery is its last try. */
  failedTurn?: { messageId: string };
}

export function emptyMemory(): SalesMemory {
  return {
    answered: [],
    choiceMap: {},
    lastChoices: [],
    hiddenChoices: [],
    misunderstood: 0,
    recent: [],
  };
}

export const ANSWERED_KEPT = 30;

export const RECENT_KEPT = 6;

export function remember(memory: SalesMemory, what: string): void {
  memory.recent = [...memory.recent, what].slice(-RECENT_KEPT);
}
