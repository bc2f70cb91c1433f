import type { PartyRef } from '../shared/party';
import type { Handover } from './handover';

export interface OpenHandoverMemoOptions {
  /** How long "she has no open handover" stands without a change heard (a missed event's bound). */
  ttlMs: number;
  /** How many parties are remembered. */
  maxEntries: number;
}

/**
 * "Does a person hold her conversation?" asked on every bot turn, answered from memory when the
 * answer was "no" and no `handover.changed` for her has been heard since (every process hears
 * every change, its own at once). A "yes" is always read again: it changes while she talks.
 */
export class OpenHandoverMemo {
  /** Party key → until when "none open" stands. */
  private readonly none = new Map<string, number>();
  /** Bumped by every change heard: an answer read across one is not remembered. */
  private generation = 0;

  constructor(
    private readonly lookup: (party: PartyRef) => Promise<Handover | undefined>,
    private readonly options: OpenHandoverMemoOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async holding(party: PartyRef): Promise<Handover | undefined> {
    const key = keyOf(party);
    const until = this.none.get(key);
    if (until !== undefined) {
      if (until > this.now()) return undefined;
      this.none.delete(key);
    }
    const generation = this.generation;
    const open = await this.lookup(party);
    if (!open && generation === this.generation) {
      this.none.set(key, this.now() + this.options.ttlMs);
      if (this.none.size > this.options.maxEntries) {
        const oldest = this.none.keys().next().value;
        if (oldest !== undefined) this.none.delete(oldest);
      }
    }
    return open;
  }

  /** A handover of hers changed (`handover.changed`, `handover.requested`): ask again. */
  forget(party: { customerId?: string | undefined; visitorId?: string | undefined }): void {
    this.generation += 1;
    if (party.customerId) this.none.delete(keyOf({ customerId: party.customerId }));
    if (party.visitorId) this.none.delete(keyOf({ visitorId: party.visitorId }));
  }

  /** Events may have been missed (a lost subscription): forget everything. */
  clear(): void {
    this.generation += 1;
    this.none.clear();
  }
}

function keyOf(party: PartyRef): string {
  return party.customerId ? `c:${party.customerId}` : `v:${party.visitorId ?? ''}`;
}
