import type { Channel } from '../../shared/channel';
import { systemClock } from '../../shared/clock';
import type { Clock } from '../../shared/clock';
import type { PartyRef } from '../../shared/party';
import type { CatalogSnapshotSource, CustomerContextSource } from '../../commerce/ports';
import type { CustomerContext } from '../customer-context';
import type { OfferDecision } from '../offer-evaluation';

export interface PartyOfferRequest {
  channel: Channel;
  party: PartyRef;
  /**
   * The campaign the session came from. Its promotions then apply to the prices shown; whoever
   * orders must still verify the campaign reached this party before charging the promotional price.
   */
  campaignId?: string;
  /** Offering ids already in the party's cart: they satisfy `requires` and trigger `excludes`. */
  cart?: readonly string[];
  now?: Date;
}

export interface PartyOffers {
  customer: CustomerContext;
  /** The catalog's currency; undefined while the catalog has no prices. */
  currency: string | undefined;
  decisions: OfferDecision[];
}

/** What may be offered to a customer or visitor on a channel, answered from the current snapshot. */
export class OfferService {
  constructor(
    private readonly snapshots: CatalogSnapshotSource,
    private readonly contexts: CustomerContextSource,
    private readonly clock: Clock = systemClock,
  ) {}

  async offersFor(request: PartyOfferRequest): Promise<PartyOffers> {
    const [snapshot, customer] = await Promise.all([
      this.snapshots.current(),
      this.contexts.contextFor(request.party),
    ]);
    const decisions = snapshot.offersFor({
      channel: request.channel,
      customer,
      now: request.now ?? this.clock.now(),
      ...(request.campaignId === undefined ? {} : { campaignId: request.campaignId }),
      ...(request.cart === undefined ? {} : { cart: request.cart }),
    });
    return { customer, currency: snapshot.currency, decisions };
  }
}
