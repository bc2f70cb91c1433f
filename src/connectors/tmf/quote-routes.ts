import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tmfRefSchema } from '../../domain/shared/tmf-ref';
import type { CartService } from '../../domain/commerce/cart-service';
import type { Quote } from '../../domain/commerce/quote-model';
import type { QuoteService } from '../../domain/commerce/quote-service';
import { quoteStates } from '../../domain/commerce/quote-state';
import { tmfPaths } from '../../domain/commerce/tmf-prices';
import { toTmfQuote } from '../../domain/commerce/tmf-resources';
import { AppError } from '../../domain/shared/errors';
import { assertAuthenticated } from '../../domain/shared/principal';
import { actorOf, assertCartAccess, commerceStaffRoles, requestChannel } from './cart-routes';
import { customerScopedFilter } from './customer-scope';
import { parseFields, parseListQuery } from './list-query';
import { acceptMergePatch, selectFields, sendList } from './resource';
import { documented } from '../../infra/http/api-docs/route-doc';
import {
  fieldsQuerySchema,
  idParamsSchema,
  tmfListQuerySchema,
  tmfResourceSchema,
} from './route-docs';

const reference = tmfRefSchema(z.string().min(1).max(128));

const createQuoteSchema = z.strictObject({
  '@type': z.string().optional(),
  description: z.string().max(1000).optional(),
  /** The cart to quote; a quote here is always a priced snapshot of a cart. */
  shoppingCart: reference,
});

const patchQuoteSchema = z.strictObject({
  state: z.enum(quoteStates),
});

const quoteTags = ['TMF648 Quote'];
const quoteSchema = tmfResourceSchema('Quote');

/** TMF648 Quote Management: priced, time-limited cart snapshots any channel can open by id. */
export function registerQuoteRoutes(
  app: FastifyInstance,
  services: { quotes: QuoteService; carts: CartService },
): void {
  const { quotes, carts } = services;
  const base = tmfPaths.quote;
  acceptMergePatch(app);

  const assertQuoteAccess = (request: FastifyRequest, quote: Quote) =>
    assertCartAccess(request.principal, quote);

  app.post(
    base,
    documented({
      summary: 'Quote a shopping cart',
      tags: quoteTags,
      security: ['bearer'],
      body: createQuoteSchema,
      responses: { 201: { description: 'Quoted', schema: quoteSchema } },
    }),
    async (request, reply) => {
      assertAuthenticated(request.principal);
      const channel = requestChannel(request);
      const body = createQuoteSchema.parse(request.body ?? {});
      const cart = await carts.findCart(body.shoppingCart.id);
      if (!cart) {
        throw new AppError('UNPROCESSABLE', `No shopping cart ${body.shoppingCart.id}`, {
          cartId: body.shoppingCart.id,
        });
      }
      assertCartAccess(request.principal, cart);
      const view = await quotes.createQuote(cart._id, channel, actorOf(request).actorId);
      reply.header('Location', `${base}/${view.quote._id}`);
      return reply.status(201).send(toTmfQuote(view));
    },
  );

  app.get(
    base,
    documented({
      summary: 'List quotes',
      tags: quoteTags,
      security: ['bearer'],
      query: tmfListQuerySchema({}),
      responses: { 200: { description: 'A page', schema: z.array(quoteSchema) } },
    }),
    async (request, reply) => {
      const principal = request.principal;
      assertAuthenticated(principal);
      const query = parseListQuery(request.query as Record<string, unknown>, {
        state: 'string',
        'relatedParty.id': 'string',
        quoteDate: 'date',
      });
      const filter = customerScopedFilter(principal, query.filter, commerceStaffRoles);
      const { quotes: page, total } = await quotes.listQuotes(filter, query);
      return sendList(
        reply,
        page.map((view) => selectFields(toTmfQuote(view), query.fields)),
        total,
      );
    },
  );

  app.get(
    `${base}/:id`,
    documented({
      summary: 'Get a quote',
      tags: quoteTags,
      security: ['bearer'],
      params: idParamsSchema,
      query: fieldsQuerySchema,
      responses: { 200: { description: 'The quote', schema: quoteSchema }, 404: 'No such quote' },
    }),
    async (request, reply) => {
      assertAuthenticated(request.principal);
      const { id } = request.params as { id: string };
      const view = await quotes.getQuote(id);
      assertQuoteAccess(request, view.quote);
      return reply.send(selectFields(toTmfQuote(view), parseFields(request.query)));
    },
  );

  app.patch(
    `${base}/:id`,
    documented({
      summary: 'Accept or reject a quote',
      tags: quoteTags,
      security: ['bearer'],
      params: idParamsSchema,
      body: patchQuoteSchema,
      responses: { 200: { description: 'The changed quote', schema: quoteSchema } },
    }),
    async (request, reply) => {
      assertAuthenticated(request.principal);
      const { id } = request.params as { id: string };
      const current = await quotes.getQuote(id);
      assertQuoteAccess(request, current.quote);
      const body = patchQuoteSchema.parse(request.body ?? {});
      const view = await quotes.changeState(id, body.state, requestChannel(request));
      return reply.send(toTmfQuote(view));
    },
  );
}
