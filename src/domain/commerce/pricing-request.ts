import type { OfferRequest } from '../catalog/offer-evaluation';
import type { Channel } from '../shared/channel';
import type { Clock } from '../shared/clock';
import type { PartyRef } from '../shared/party';
import type { Cart } from './cart-model';
import type { CustomerContextSource } from './ports';

/** What the pricing request needs of her cart; CartService.findCartOf answers it. */
export interface CartLookup {
  findCartOf(party: PartyRef): Promise<Cart | undefined>;
}

/**
 * The full context an offer is priced in for this party on this channel: her eligibility, the
 * campaign her cart came from (or the one a verified link names) and what is already in her cart.
 * Every surface that prices one offer for her builds its request here, so the offer page, the
 * self-care offer and her cart agree on the campaign price.
 */
export async function pricingRequestFor(
  deps: { carts: CartLookup; customerContexts: CustomerContextSource; clock: Clock },
  party: PartyRef,
  channel: Channel,
  campaignId?: string,
): Promise<OfferRequest> {
  const cart = await deps.carts.findCartOf(party);
  const campaign = campaignId ?? cart?.campaignId;
  const held = (cart?.items ?? [])
    .filter((item) => item.action !== 'delete')
    .map((item) => item.offeringId);
  return {
    channel,
    customer: await deps.customerContexts.contextFor(party, campaign ? [campaign] : []),
    now: deps.clock.now(),
    ...(campaign ? { campaignId: campaign } : {}),
    ...(held.length > 0 ? { cart: held } : {}),
  };
}
