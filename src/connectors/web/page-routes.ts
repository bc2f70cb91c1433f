import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CustomerContext } from '../../domain/catalog/customer-context';
import { catalogIdSchema } from '../../domain/catalog/tmf-common';
import { displayName } from '../../domain/customers/customer';
import type { Customer } from '../../domain/customers/customer';
import { isAppError } from '../../domain/shared/errors';
import type { ShortLinks } from '../../infra/auth/short-links';
import type { TokenService } from '../../infra/auth/tokens';
import { sessionCookie } from './session-cookie';
import { homePage } from '../../web/pages/home-page';
import { offerNotFoundPage } from '../../web/pages/not-found-page';
import { offerPage } from '../../web/pages/offer-page';
import { selfCarePage } from '../../web/pages/self-care-page';
import { signInPage } from '../../web/pages/sign-in-page';
import { sessionCustomerId } from './customer-session';
import { sendHtml } from './html-reply';
import { safeLocalPath } from './local-path';
import { buildOfferLanding, portalOffers } from './offer-landing';
import { subscriptionViews } from './subscription-text';
import type { WebServices } from './web-services';
import { documented } from '../../infra/http/api-docs/route-doc';

/** A signed JWT (three base64url parts): the shape of a campaign link token, checked before use. */
const campaignTokenSchema = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

const deadShortLinkPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Link not valid</title></head>
<body><h1>This link is not valid any more</h1><p>Links we text you work once, for a short
time. Sign in to self-care to see your cart, or ask us for a new link.</p>
<p><a href="/sign-in?next=%2Fself-care">Sign in</a></p></body></html>`;

// Campaign links may carry tracking parameters we do not use: unknown keys are ignored, not refused.
const offerQuerySchema = z.object({ c: z.unknown().optional() });
const selfCareQuerySchema = z.object({ add: z.unknown().optional(), t: z.unknown().optional() });
const signInQuerySchema = z.object({ next: z.unknown().optional() });

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

interface PageParty {
  customer: CustomerContext;
  signedIn: boolean;
  customerId?: string;
}

/** Who is looking: the signed-in customer's context, or an anonymous visitor's. */
async function pageParty(
  request: FastifyRequest,
  services: WebServices,
  tokens: TokenService,
): Promise<PageParty> {
  const customerId = await sessionCustomerId(request, tokens);
  if (customerId) {
    try {
      return {
        customer: await services.customerContexts.contextFor({ customerId }),
        signedIn: true,
        customerId,
      };
    } catch (error) {
      // A session naming a customer who has since been removed is no session.
      if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
    }
  }
  return { customer: await services.anonymousContext(), signedIn: false };
}

/**
 * The campaign a link's token was issued for, when it verifies and the browser is not signed in as
 * someone else: the price is the campaign's, and nothing of the recipient is read or shown.
 */
async function linkCampaign(
  services: WebServices,
  token: string | undefined,
  party: PageParty,
): Promise<string | undefined> {
  if (!token) return undefined;
  try {
    const claims = await services.identities().verifyCampaignToken(token);
    return party.customerId === undefined || party.customerId === claims.customerId
      ? claims.campaignId
      : undefined;
  } catch (error) {
    if (isAppError(error)) return undefined;
    throw error;
  }
}

/** A signed-in customer's cart campaign: the offer page then shows the price her cart will. */
async function cartCampaign(services: WebServices, party: PageParty): Promise<string | undefined> {
  if (party.customerId === undefined) return undefined;
  const cart = await services.carts()?.findCartOf({ customerId: party.customerId });
  return cart?.campaignId;
}

async function findCustomer(
  services: WebServices,
  customerId: string,
): Promise<Customer | undefined> {
  try {
    return await services.customers().get(customerId);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

const htmlPage = (summary: string) => ({
  summary,
  tags: ['Pages'],
  responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
});

export interface PortalPageOptions {
  secureCookie: boolean;
  /** The agent's short self-care links (`/s/:id`); without them the path is not served. */
  shortLinks?: ShortLinks;
  /** How long the session a short link opens lasts. */
  shortLinkSessionSeconds?: number;
}

/** The portal pages: `/`, `/offers/:id`, `/sign-in` and `/self-care`, server-rendered HTML. */
export function registerPortalPages(
  app: FastifyInstance,
  services: WebServices,
  tokens: TokenService,
  options: PortalPageOptions = { secureCookie: false },
): void {
  /**
   * A signed link an agent texted (`/self-care?t=<customer token>`): the token becomes the session
   * cookie, and reaches the page's script in the fragment, which never travels to a server or a log;
   * the script stores it and removes it from the address bar. Anything else goes to sign-in.
   */
  async function exchangeLinkToken(token: string, reply: FastifyReply) {
    const principal = token.length <= 4096 ? await tokens.verify(token) : undefined;
    const expiresAt = principal?.kind === 'customer' ? jwtExpiry(token) : undefined;
    if (!principal?.customerId || !expiresAt)
      return reply.redirect('/sign-in?next=%2Fself-care', 303);
    const maxAgeSeconds = Math.floor((expiresAt.getTime() - services.clock.now().getTime()) / 1000);
    return reply
      .header('set-cookie', sessionCookie(token, { maxAgeSeconds, secure: options.secureCookie }))
      .header('cache-control', 'no-store')
      .redirect(
        `/self-care#session=${encodeURIComponent(token)}&expiresAt=${encodeURIComponent(expiresAt.toISOString())}`,
        303,
      );
  }

  const shortLinks = options.shortLinks;
  if (shortLinks) {
    /**
     * The agent's texted link: used once and within its life, it becomes a fresh session for the
     * customer it names (the token exists from this moment only); anything else is a dead link.
     */
    app.get(
      '/s/:id',
      documented({
        ...htmlPage("The agent's texted self-care link: once, within its life"),
        params: z.object({ id: z.string().max(64) }),
      }),
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const customerId = await shortLinks.take(id);
        if (!customerId) {
          return reply
            .status(404)
            .header('cache-control', 'no-store')
            .type('text/html; charset=utf-8')
            .send(deadShortLinkPage);
        }
        const token = await tokens.issue(
          { kind: 'customer', id: customerId, roles: ['customer'], customerId },
          options.shortLinkSessionSeconds ?? 3600,
        );
        return exchangeLinkToken(token, reply);
      },
    );
  }

  app.get(
    '/',
    documented(htmlPage('The portal home page: offers for the visitor')),
    async (request, reply) => {
      const party = await pageParty(request, services, tokens);
      const snapshot = await services.snapshots.current();
      const offers = portalOffers(snapshot, party.customer, services.clock.now());
      return sendHtml(request, reply, homePage({ offers, signedIn: party.signedIn }));
    },
  );

  app.get(
    '/offers/:id',
    documented({
      ...htmlPage("An offering's page (campaign links carry c=)"),
      params: z.object({ id: catalogIdSchema }),
      query: offerQuerySchema,
    }),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const query = parsed(offerQuerySchema, request.query) ?? {};
      const offeringId = parsed(catalogIdSchema, id);
      const party = await pageParty(request, services, tokens);
      if (!offeringId) return sendHtml(request, reply, offerNotFoundPage(party.signedIn), 404);
      const campaignToken = parsed(campaignTokenSchema, query.c);
      const campaignId =
        (await linkCampaign(services, campaignToken, party)) ??
        (await cartCampaign(services, party));
      const view = buildOfferLanding(await services.snapshots.current(), {
        offeringId,
        customer: party.customer,
        signedIn: party.signedIn,
        now: services.clock.now(),
        ...(campaignToken ? { campaignToken } : {}),
        ...(campaignId ? { campaignId } : {}),
      });
      if (!view) return sendHtml(request, reply, offerNotFoundPage(party.signedIn), 404);
      return sendHtml(request, reply, offerPage(view, party.signedIn));
    },
  );

  app.get(
    '/sign-in',
    documented({ ...htmlPage('The customer sign-in page'), query: signInQuerySchema }),
    async (request, reply) => {
      const query = parsed(signInQuerySchema, request.query) ?? {};
      return sendHtml(request, reply, signInPage({ next: safeLocalPath(query.next) }));
    },
  );

  app.get(
    '/self-care',
    documented({
      ...htmlPage("The signed-in customer's self-care page"),
      query: selfCareQuerySchema,
      security: ['sessionCookie'],
    }),
    async (request, reply) => {
      const handed = parsed(selfCareQuerySchema, request.query)?.t;
      if (typeof handed === 'string') return exchangeLinkToken(handed, reply);
      const customerId = await sessionCustomerId(request, tokens);
      const customer = customerId ? await findCustomer(services, customerId) : undefined;
      if (!customer) {
        const next = safeLocalPath(request.url);
        return reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
      }
      const query = parsed(selfCareQuerySchema, request.query) ?? {};
      const addOfferingId = parsed(catalogIdSchema, query.add);
      return sendHtml(
        request,
        reply,
        selfCarePage({
          customer: { displayName: displayName(customer.name) },
          subscriptions: subscriptionViews(customer.subscriptions, customer.timezone),
          ...(addOfferingId ? { addOfferingId } : {}),
        }),
      );
    },
  );
}

/** When a token we have just verified expires (its `exp` claim). */
function jwtExpiry(token: string): Date | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}
