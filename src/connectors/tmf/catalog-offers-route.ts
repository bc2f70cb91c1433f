import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ChannelPrice } from '../../domain/catalog/channel-price';
import type { OfferDecision } from '../../domain/catalog/offer-evaluation';
import type { OfferReasonCode } from '../../domain/catalog/offer-reasons';
import type { AppliedAdjustment } from '../../domain/catalog/price-calculation';
import { catalogIdSchema } from '../../domain/catalog/tmf-common';
import { toTmfMoney } from '../../domain/catalog/tmf-money';
import type { OfferService } from '../../domain/catalog/persistence';
import { channelSchema } from '../../domain/shared/channel';
import type { PartyRef } from '../../domain/shared/party';
import { assertCustomerAccess } from '../../domain/shared/principal';
import type { Principal, Role } from '../../domain/shared/principal';
import { catalogHref } from './catalog-representation';
import { documented } from '../../infra/http/api-docs/route-doc';
import { tmfResourceSchema } from './route-docs';

const offersQuerySchema = z.strictObject({
  channel: channelSchema,
  campaignId: catalogIdSchema.optional(),
  /** Staff (e.g. the agent's assist panel) ask on behalf of a customer. */
  customerId: z.string().min(1).max(128).optional(),
  /** The web-chat visitor id, so an anonymous visitor gets the visitor's own context. */
  visitorId: z.string().min(1).max(128).optional(),
});

const staffRoles: readonly Role[] = ['agent', 'supervisor', 'system'];

/** Reasons that mean "not shown here at all": listing those would advertise hidden offerings. */
const hiddenReasons: ReadonlySet<OfferReasonCode> = new Set([
  'not-active',
  'outside-validity',
  'not-on-channel',
]);

const anonymousVisitor = 'anonymous';

function partyFor(
  principal: Principal | undefined,
  query: z.infer<typeof offersQuerySchema>,
): PartyRef {
  if (query.customerId !== undefined) {
    assertCustomerAccess(principal, query.customerId, staffRoles);
    return { customerId: query.customerId };
  }
  if (principal?.kind === 'customer' && principal.customerId) {
    return { customerId: principal.customerId };
  }
  return { visitorId: query.visitorId ?? anonymousVisitor };
}

function adjustmentToJson(adjustment: AppliedAdjustment) {
  return {
    name: adjustment.name,
    ...(adjustment.description === undefined ? {} : { description: adjustment.description }),
    chargeType: adjustment.chargeType,
    amount: toTmfMoney(adjustment.amount),
  };
}

function priceToJson(price: ChannelPrice) {
  return {
    oneTime: toTmfMoney(price.oneTime),
    recurring: { ...toTmfMoney(price.recurring), period: 'month' },
    charges: price.charges.map((charge) => ({
      priceId: charge.priceId,
      name: charge.name,
      chargeType: charge.chargeType,
      base: toTmfMoney(charge.base),
      amount: toTmfMoney(charge.amount),
    })),
    alterations: price.alterations.map(adjustmentToJson),
    promotions: price.promotions.map(adjustmentToJson),
  };
}

function offeringSummary(decision: OfferDecision) {
  const { offering } = decision;
  return {
    id: offering.id,
    href: catalogHref('productOffering', offering.id),
    name: offering.name,
    ...(offering.description === undefined ? {} : { description: offering.description }),
    isBundle: offering.isBundle,
  };
}

const offersDoc = documented({
  summary: 'What the caller may buy on a channel, at its prices, and why',
  tags: ['Offers'],
  description:
    'Not a TMF API. A signed-in customer gets her own context; staff may ask for a customerId.',
  query: offersQuerySchema,
  responses: {
    200: {
      description: 'Offered and shown-but-not-offered offerings',
      schema: z.looseObject({ offered: z.array(tmfResourceSchema('Offer')) }),
    },
  },
});

/**
 * `GET /api/offers?channel=webchat[&campaignId=]`: not a TMF API. What the calling party may buy on
 * that channel with the channel's prices and why, plus what is shown there but not for her (and why).
 * A signed-in customer gets her own context; anyone else the anonymous visitor context.
 */
export function registerOffersRoute(app: FastifyInstance, offers: OfferService): void {
  app.get('/api/offers', offersDoc, async (request) => {
    const query = offersQuerySchema.parse(request.query);
    const party = partyFor(request.principal, query);
    const result = await offers.offersFor({
      channel: query.channel,
      party,
      ...(query.campaignId === undefined ? {} : { campaignId: query.campaignId }),
    });
    const offered = [];
    const notOffered = [];
    for (const decision of result.decisions) {
      if (decision.offered) {
        offered.push({
          ...offeringSummary(decision),
          price: priceToJson(decision.price),
          reasons: decision.reasons,
        });
      } else if (!decision.whyNot.some((reason) => hiddenReasons.has(reason.code))) {
        notOffered.push({ ...offeringSummary(decision), reasons: decision.whyNot });
      }
    }
    return {
      channel: query.channel,
      party,
      ...(result.currency === undefined ? {} : { currency: result.currency }),
      offers: offered,
      notOffered,
    };
  });
}
