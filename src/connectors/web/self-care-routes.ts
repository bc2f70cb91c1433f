import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OfferRequest } from '../../domain/catalog/offer-evaluation';
import { pricingRequestFor } from '../../domain/commerce/pricing-request';
import { catalogIdSchema } from '../../domain/catalog/tmf-common';
import { AppError } from '../../domain/shared/errors';
import { assertAuthenticated } from '../../domain/shared/principal';
import type { Principal } from '../../domain/shared/principal';
import { priceView } from '../../web/pages/price-view';
import { customerCaveat } from './customer-wording';
import { characteristicViews, isHiddenOnChannel, priceOf } from './offer-presentation';
import type { WebServices } from './web-services';
import { documented } from '../../infra/http/api-docs/route-doc';

export const selfCarePaths = {
  offering: '/api/self-care/offerings/:id',
} as const;

const paramsSchema = z.strictObject({ id: catalogIdSchema });

/** Self-care is for a signed-in customer: staff act through their own tools and channels. */
function signedInCustomer(principal: Principal | undefined): string {
  assertAuthenticated(principal);
  if (principal.kind !== 'customer' || !principal.customerId) {
    throw new AppError('FORBIDDEN', 'Self-care is for signed-in customers');
  }
  return principal.customerId;
}

/** Her cart's campaign and items, so the offer shows the price her cart will (see pricingRequestFor). */
async function selfCareRequest(services: WebServices, customerId: string): Promise<OfferRequest> {
  const carts = services.carts();
  if (!carts) {
    const customer = await services.customerContexts.contextFor({ customerId });
    return { channel: 'selfcare', customer, now: services.clock.now() };
  }
  return pricingRequestFor(
    { carts, customerContexts: services.customerContexts, clock: services.clock },
    { customerId },
    'selfcare',
  );
}

/**
 * What the TMF APIs do not give the self-care page in one call: an offering's choices (data size,
 * start date) as form controls, each with its self-care price for this customer, and whether she
 * can take it. Carts and orders go through the TMF663/TMF622 APIs themselves.
 */
export function registerSelfCareRoutes(app: FastifyInstance, services: WebServices): void {
  app.get(
    selfCarePaths.offering,
    documented({
      summary: 'An offering as the signed-in customer sees it in self-care',
      tags: ['Self-care'],
      security: ['bearer', 'sessionCookie'],
      params: paramsSchema,
      responses: {
        200: { description: 'The offering with her prices and choices', schema: z.looseObject({}) },
        404: 'No such offering',
      },
    }),
    async (request, reply) => {
      const customerId = signedInCustomer(request.principal);
      const { id } = paramsSchema.parse(request.params);
      const [snapshot, selfCare] = await Promise.all([
        services.snapshots.current(),
        selfCareRequest(services, customerId),
      ]);
      const offering = snapshot.offering(id);
      const decision = offering ? snapshot.offerFor(id, selfCare) : undefined;
      if (!offering || !decision || isHiddenOnChannel(decision)) {
        throw new AppError('NOT_FOUND', `No offering ${id} in self-care`, { id });
      }
      const price = decision.offered ? decision.price : priceOf(snapshot, id, selfCare);
      const nameOf = (other: string) => snapshot.offering(other)?.name ?? other;
      return reply.header('cache-control', 'private, no-store').send({
        id: offering.id,
        name: offering.name,
        ...(offering.description ? { description: offering.description } : {}),
        channel: 'selfcare',
        offered: decision.offered,
        caveats: decision.offered
          ? []
          : decision.whyNot.map((reason) =>
              customerCaveat(reason, {
                signedIn: true,
                eligibilityDescription: offering.eligibilityDescription,
                nameOf,
              }),
            ),
        ...(price ? { price: priceView(price) } : {}),
        characteristics: characteristicViews(snapshot, id, selfCare),
      });
    },
  );
}
