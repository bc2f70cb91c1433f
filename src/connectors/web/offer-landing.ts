import type { CatalogSnapshot } from '../../domain/catalog/catalog-snapshot';
import type { OfferRequest } from '../../domain/catalog/offer-evaluation';
import type { CustomerContext } from '../../domain/catalog/customer-context';
import type { ProductOffering } from '../../domain/catalog/product-offering';
import { isCheaper, priceView } from '../../web/pages/price-view';
import type { OfferCardView, OfferLandingView } from '../../web/pages/view-models';
import { customerCaveat, customerReasons } from './customer-wording';
import { characteristicViews, isHiddenOnChannel, priceOf } from './offer-presentation';

/** Prices on the landing page are web prices: the page is where web chat happens. */
export const landingChannel = 'webchat' as const;

export interface LandingRequest {
  offeringId: string;
  customer: CustomerContext;
  signedIn: boolean;
  now: Date;
  campaignToken?: string;
  /** The campaign of a verified link: its price is the one the SMS promised, signed in or not. */
  campaignId?: string;
}

export function offerCard(offering: ProductOffering, price: OfferCardView['price']): OfferCardView {
  const category = offering.category[0]?.name;
  return {
    id: offering.id,
    name: offering.name,
    ...(offering.description ? { description: offering.description } : {}),
    ...(category ? { category } : {}),
    ...(price ? { price } : {}),
  };
}

/**
 * The landing page of one offer for this visitor or customer: undefined when the offer does not
 * exist or is not shown on the web (the page answers 404). An offer she cannot take as she is (an
 * add-on without a plan, say) is still shown with its price and what stands in the way.
 */
export function buildOfferLanding(
  snapshot: CatalogSnapshot,
  request: LandingRequest,
): OfferLandingView | undefined {
  const offering = snapshot.offering(request.offeringId);
  if (!offering) return undefined;
  const web: OfferRequest = {
    channel: landingChannel,
    customer: request.customer,
    now: request.now,
    ...(request.campaignId === undefined ? {} : { campaignId: request.campaignId }),
  };
  const decision = snapshot.offerFor(offering.id, web);
  if (isHiddenOnChannel(decision)) return undefined;

  const webPrice = decision.offered ? decision.price : priceOf(snapshot, offering.id, web);
  const selfCare = priceOf(snapshot, offering.id, { ...web, channel: 'selfcare' });
  const nameOf = (id: string) => snapshot.offering(id)?.name ?? id;
  return {
    ...offerCard(offering, webPrice ? priceView(webPrice) : undefined),
    offered: decision.offered,
    reasons: decision.offered ? customerReasons(decision.reasons) : [],
    caveats: decision.offered
      ? []
      : decision.whyNot.map((reason) =>
          customerCaveat(reason, {
            signedIn: request.signedIn,
            eligibilityDescription: offering.eligibilityDescription,
            nameOf,
          }),
        ),
    ...(selfCare && webPrice && isCheaper(selfCare, webPrice)
      ? { selfCarePrice: priceView(selfCare) }
      : {}),
    characteristics: characteristicViews(snapshot, offering.id, web),
    ...(request.campaignToken ? { campaignToken: request.campaignToken } : {}),
  };
}

/**
 * The home page's list: every offer shown on the web, at the web price for this party. Offers she
 * cannot take as she is (an add-on without a plan) are listed too; their own pages explain why.
 */
export function portalOffers(
  snapshot: CatalogSnapshot,
  customer: CustomerContext,
  now: Date,
): OfferCardView[] {
  const web: OfferRequest = { channel: landingChannel, customer, now };
  return snapshot
    .offersFor(web)
    .filter((decision) => !isHiddenOnChannel(decision))
    .map((decision) => {
      const price = decision.offered
        ? decision.price
        : priceOf(snapshot, decision.offering.id, web);
      return offerCard(decision.offering, price ? priceView(price) : undefined);
    });
}
