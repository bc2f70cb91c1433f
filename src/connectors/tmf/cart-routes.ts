import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tmfRefSchema } from '../../domain/shared/tmf-ref';
import type { ReplacementItem } from '../../domain/commerce/cart-inputs';
import type { Cart } from '../../domain/commerce/cart-model';
import type { CartService, CartView } from '../../domain/commerce/cart-service';
import { tmfPaths } from '../../domain/commerce/tmf-prices';
import { toTmfShoppingCart } from '../../domain/commerce/tmf-resources';
import { channelSchema } from '../../domain/shared/channel';
import type { Channel } from '../../domain/shared/channel';
import { AppError } from '../../domain/shared/errors';
import type { PartyRef } from '../../domain/shared/party';
import {
  assertAuthenticated,
  assertCustomerAccess,
  assertRole,
  hasRole,
} from '../../domain/shared/principal';
import type { Principal, Role } from '../../domain/shared/principal';
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

/** Staff who reach any party's cart, quotes and orders (admin always can). */
export const commerceStaffRoles: readonly Role[] = ['agent', 'supervisor', 'system'];

/** Channels a signed-in customer acts through herself; the others are for staff and connectors. */
const customerChannels: readonly Channel[] = ['selfcare', 'webchat'];

/**
 * The sales channel of a request: `X-Channel` (or the resource's own channel field), else self-care
 * for customers and the agent desk for staff. A customer may not claim another channel's prices.
 */
export function requestChannel(request: FastifyRequest, fromBody?: string): Channel {
  const principal = request.principal;
  assertAuthenticated(principal);
  const header = request.headers['x-channel'];
  const named = fromBody ?? (typeof header === 'string' ? header : undefined);
  const isStaff = hasRole(principal, commerceStaffRoles);
  if (named === undefined) return isStaff ? 'agent' : 'selfcare';
  const parsed = channelSchema.safeParse(named);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', `Unknown channel "${named}"`, {
      channels: channelSchema.options,
    });
  }
  if (!isStaff && !customerChannels.includes(parsed.data)) {
    throw new AppError('FORBIDDEN', `Customers act through ${customerChannels.join(' or ')}`);
  }
  return parsed.data;
}

/** `If-Match: "7"` (an ETag we sent) as the version a change expects. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(String(header));
  if (!match?.[1]) {
    throw new AppError('VALIDATION_FAILED', 'If-Match must be the ETag of the cart, e.g. "3"');
  }
  return Number(match[1]);
}

/** Customers reach their own cart; visitor carts are reached by staff and connectors only. */
export function assertCartAccess(
  principal: Principal | undefined,
  owner: Pick<Cart, 'customerId'>,
): void {
  if (owner.customerId) assertCustomerAccess(principal, owner.customerId, commerceStaffRoles);
  else assertRole(principal, commerceStaffRoles);
}

/** A principal's own identity as a change context. */
export function actorOf(request: FastifyRequest): { actorId?: string } {
  return request.principal ? { actorId: request.principal.id } : {};
}

const referenceSchema = tmfRefSchema(z.string().min(1).max(128));

const relatedPartySchema = referenceSchema.extend({ role: z.string().optional() });

const cartItemBodySchema = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  '@type': z.string().optional(),
  action: z.enum(['add', 'modify', 'delete']).optional(),
  quantity: z.number().int().min(1).max(100).optional(),
  status: z.string().optional(),
  productOffering: referenceSchema,
  product: z
    .strictObject({
      id: z.string().min(1).max(128).optional(),
      '@type': z.string().optional(),
      productCharacteristic: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            value: z.union([z.string(), z.number()]),
            valueType: z.string().optional(),
            '@type': z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  // Prices are computed here; clients echoing them back are not refused, they are ignored.
  itemPrice: z.array(z.unknown()).optional(),
  itemTotalPrice: z.array(z.unknown()).optional(),
  note: z.array(z.unknown()).optional(),
});

const createCartSchema = z.strictObject({
  '@type': z.string().optional(),
  relatedParty: z.array(relatedPartySchema).max(1).optional(),
  cartItem: z.array(cartItemBodySchema).max(100).optional(),
  campaignId: z.string().min(1).max(128).optional(),
});

const patchCartSchema = z.strictObject({
  '@type': z.string().optional(),
  cartItem: z.array(cartItemBodySchema).max(100).optional(),
  campaignId: z.string().min(1).max(128).optional(),
});

function toReplacementItem(item: z.infer<typeof cartItemBodySchema>): ReplacementItem {
  return {
    ...(item.id === undefined ? {} : { id: item.id }),
    action: item.action ?? 'add',
    offeringId: item.productOffering.id,
    ...(item.product?.id === undefined ? {} : { subscriptionId: item.product.id }),
    quantity: item.quantity ?? 1,
    characteristics: Object.fromEntries(
      (item.product?.productCharacteristic ?? []).map((entry) => [entry.name, entry.value]),
    ),
  };
}

function partyFor(
  principal: Principal | undefined,
  relatedParty: z.infer<typeof relatedPartySchema>[] | undefined,
): PartyRef {
  assertAuthenticated(principal);
  const named = relatedParty?.[0];
  if (principal.kind === 'customer' && !hasRole(principal, commerceStaffRoles)) {
    const own = principal.customerId;
    if (!own) throw new AppError('FORBIDDEN', 'This token names no customer');
    if (named && named.id !== own) {
      throw new AppError('FORBIDDEN', 'You can only reach your own data');
    }
    return { customerId: own };
  }
  assertRole(principal, commerceStaffRoles);
  if (!named) {
    throw new AppError(
      'VALIDATION_FAILED',
      'relatedParty names the customer (or visitor) of the cart',
    );
  }
  const isVisitor = named.role === 'visitor' || named['@referredType'] === 'Visitor';
  return isVisitor ? { visitorId: named.id } : { customerId: named.id };
}

/** Campaign attribution unlocks campaign prices: set by staff and connectors, never by the customer. */
function assertMayAttribute(
  principal: Principal | undefined,
  campaignId: string | undefined,
): void {
  if (campaignId !== undefined && !hasRole(principal, commerceStaffRoles)) {
    throw new AppError('FORBIDDEN', 'Only staff and connectors attribute a cart to a campaign');
  }
}

function sendCart(
  reply: FastifyReply,
  view: CartView,
  status = 200,
  fields?: string[],
): FastifyReply {
  return reply
    .status(status)
    .header('ETag', `"${view.cart.version}"`)
    .send(selectFields(toTmfShoppingCart(view), fields));
}

const cartTags = ['TMF663 Shopping Cart'];
const cartSchema = tmfResourceSchema('ShoppingCart');
const cartAuth = {
  security: ['bearer' as const],
  description:
    'Anonymous web visitors use their visitor token; a customer reaches only her own carts.',
};

/** TMF663 Shopping Cart: one cart per party, priced for the calling channel, versioned by ETag. */
export function registerCartRoutes(app: FastifyInstance, services: { carts: CartService }): void {
  const { carts } = services;
  const base = tmfPaths.shoppingCart;
  acceptMergePatch(app);

  const loadAccessible = async (request: FastifyRequest, id: string): Promise<Cart> => {
    assertAuthenticated(request.principal);
    const cart = await carts.findCart(id);
    if (!cart) throw new AppError('NOT_FOUND', `No shopping cart ${id}`, { id });
    assertCartAccess(request.principal, cart);
    return cart;
  };

  app.post(
    base,
    documented({
      summary: 'Create a shopping cart',
      tags: cartTags,
      ...cartAuth,
      body: createCartSchema,
      responses: { 201: { description: 'Created, priced', schema: cartSchema } },
    }),
    async (request, reply) => {
      const channel = requestChannel(request);
      const body = createCartSchema.parse(request.body ?? {});
      const party = partyFor(request.principal, body.relatedParty);
      assertMayAttribute(request.principal, body.campaignId);
      const view = await carts.createCart(
        party,
        {
          items: (body.cartItem ?? []).map(toReplacementItem),
          ...(body.campaignId ? { campaignId: body.campaignId } : {}),
        },
        { channel, ...actorOf(request) },
      );
      reply.header('Location', `${base}/${view.cart._id}`);
      return sendCart(reply, view, 201);
    },
  );

  app.get(
    base,
    documented({
      summary: 'List shopping carts',
      tags: cartTags,
      ...cartAuth,
      query: tmfListQuerySchema({}),
      responses: { 200: { description: 'A page', schema: z.array(cartSchema) } },
    }),
    async (request, reply) => {
      const principal = request.principal;
      assertAuthenticated(principal);
      const channel = requestChannel(request);
      const query = parseListQuery(request.query as Record<string, unknown>, {
        'relatedParty.id': 'string',
      });
      const { carts: page, total } = await carts.listCarts(
        customerScopedFilter(principal, query.filter, commerceStaffRoles),
        query,
      );
      const views = await Promise.all(page.map((cart) => carts.viewOf(cart, channel)));
      return sendList(
        reply,
        views.map((view) => selectFields(toTmfShoppingCart(view), query.fields)),
        total,
      );
    },
  );

  app.get(
    `${base}/:id`,
    documented({
      summary: 'Get a shopping cart',
      tags: cartTags,
      ...cartAuth,
      params: idParamsSchema,
      query: fieldsQuerySchema,
      responses: {
        200: { description: 'The cart; ETag carries its version', schema: cartSchema },
        404: 'No such cart',
      },
    }),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await loadAccessible(request, id);
      return sendCart(
        reply,
        await carts.getCart(id, requestChannel(request)),
        200,
        parseFields(request.query),
      );
    },
  );

  app.patch(
    `${base}/:id`,
    documented({
      summary: "Replace a cart's items (merge patch; If-Match for the version)",
      tags: cartTags,
      ...cartAuth,
      params: idParamsSchema,
      body: patchCartSchema,
      responses: {
        200: { description: 'The changed cart', schema: cartSchema },
        412: 'The cart changed since the If-Match version',
      },
    }),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await loadAccessible(request, id);
      const channel = requestChannel(request);
      const body = patchCartSchema.parse(request.body ?? {});
      assertMayAttribute(request.principal, body.campaignId);
      const expectedVersion = ifMatchVersion(request);
      const context = {
        channel,
        ...actorOf(request),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      };
      let view: CartView | undefined;
      if (body.campaignId !== undefined) {
        view = await carts.attributeCampaign(id, body.campaignId, context);
      }
      if (body.cartItem !== undefined) {
        // After attribution the cart moved on by one version: the item change builds on that one.
        const next = view ? { ...context, expectedVersion: view.cart.version } : context;
        view = await carts.replaceItems(id, body.cartItem.map(toReplacementItem), next);
      }
      return sendCart(reply, view ?? (await carts.getCart(id, channel)));
    },
  );

  app.delete(
    `${base}/:id`,
    documented({
      summary: 'Delete a shopping cart',
      tags: cartTags,
      ...cartAuth,
      params: idParamsSchema,
      responses: { 204: 'Deleted', 404: 'No such cart' },
    }),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await loadAccessible(request, id);
      const expectedVersion = ifMatchVersion(request);
      await carts.deleteCart(id, {
        channel: requestChannel(request),
        ...actorOf(request),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      });
      return reply.status(204).send();
    },
  );
}
