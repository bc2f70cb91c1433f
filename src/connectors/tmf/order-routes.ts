import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tmfRefSchema } from '../../domain/shared/tmf-ref';
import type { CartService } from '../../domain/commerce/cart-service';
import { consentMethods } from '../../domain/commerce/order-model';
import type { Order } from '../../domain/commerce/order-model';
import type { OrderService } from '../../domain/commerce/order-service';
import { tmfPaths } from '../../domain/commerce/tmf-prices';
import { toTmfProductOrder } from '../../domain/commerce/tmf-resources';
import { AppError } from '../../domain/shared/errors';
import { newId } from '../../domain/shared/ids';
import { assertAuthenticated, assertCustomerAccess } from '../../domain/shared/principal';
import {
  actorOf,
  assertCartAccess,
  commerceStaffRoles,
  ifMatchVersion,
  requestChannel,
} from './cart-routes';
import { customerScopedFilter } from './customer-scope';
import { parseFields, parseListQuery } from './list-query';
import { selectFields, sendList } from './resource';
import { documented } from '../../infra/http/api-docs/route-doc';
import {
  fieldsQuerySchema,
  idParamsSchema,
  tmfListQuerySchema,
  tmfResourceSchema,
} from './route-docs';

const reference = tmfRefSchema(z.string().min(1).max(128));

const createOrderSchema = z.strictObject({
  '@type': z.string().optional(),
  description: z.string().max(1000).optional(),
  /** Checkout: the order is made from this cart, priced here, never from client prices. */
  shoppingCart: reference,
  channel: z
    .array(reference.extend({ role: z.string().optional() }))
    .max(1)
    .optional(),
  customerConsent: z
    .strictObject({
      given: z.literal(true),
      method: z.enum(consentMethods),
    })
    .optional(),
});

const cancelSchema = z.strictObject({
  '@type': z.string().optional(),
  productOrder: reference,
  cancellationReason: z.string().max(500).optional(),
  requestedCancellationDate: z.string().optional(),
});

function toCancelProductOrder(order: Order) {
  return {
    id: order.cancellationRequestId,
    href: `${tmfPaths.cancelProductOrder}/${order.cancellationRequestId}`,
    '@type': 'CancelProductOrder',
    state: 'done',
    productOrder: {
      id: order._id,
      href: `${tmfPaths.productOrder}/${order._id}`,
      '@referredType': 'ProductOrder',
    },
    ...(order.cancellationReason ? { cancellationReason: order.cancellationReason } : {}),
    ...(order.cancellationDate
      ? { effectiveCancellationDate: order.cancellationDate.toISOString() }
      : {}),
  };
}

const orderTags = ['TMF622 Product Ordering'];
const orderSchema = tmfResourceSchema('ProductOrder');
const cancellationSchema = tmfResourceSchema('CancelProductOrder');

/** TMF622 Product Ordering: checkout from a cart (idempotent), read, list and cancel. */
export function registerOrderRoutes(
  app: FastifyInstance,
  services: { orders: OrderService; carts: CartService },
): void {
  const { orders, carts } = services;
  const base = tmfPaths.productOrder;

  const loadAccessible = async (request: FastifyRequest, id: string): Promise<Order> => {
    assertAuthenticated(request.principal);
    const order = await orders.getOrder(id);
    assertCustomerAccess(request.principal, order.customerId, commerceStaffRoles);
    return order;
  };

  app.post(
    base,
    documented({
      summary: 'Check out a shopping cart as a product order',
      tags: orderTags,
      security: ['bearer'],
      body: createOrderSchema,
      responses: { 201: { description: 'Ordered', schema: orderSchema } },
    }),
    async (request, reply) => {
      assertAuthenticated(request.principal);
      const body = createOrderSchema.parse(request.body ?? {});
      const channel = requestChannel(request, body.channel?.[0]?.id);
      const cart = await carts.findCart(body.shoppingCart.id);
      if (!cart) {
        throw new AppError('UNPROCESSABLE', `No shopping cart ${body.shoppingCart.id}`, {
          cartId: body.shoppingCart.id,
        });
      }
      assertCartAccess(request.principal, cart);
      const header = request.headers['idempotency-key'];
      const expectedVersion = ifMatchVersion(request);
      const actor = actorOf(request);
      const result = await orders.checkout({
        cartId: cart._id,
        channel,
        ...(typeof header === 'string' ? { idempotencyKey: header } : {}),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        ...(body.customerConsent
          ? {
              customerConsent: {
                ...body.customerConsent,
                ...(actor.actorId ? { recordedBy: actor.actorId } : {}),
              },
            }
          : {}),
        ...actor,
      });
      reply.header('Location', `${base}/${result.order._id}`);
      if (!result.created) reply.header('Idempotent-Replayed', 'true');
      return reply.status(result.created ? 201 : 200).send(toTmfProductOrder(result.order));
    },
  );

  app.get(
    base,
    documented({
      summary: 'List product orders',
      tags: orderTags,
      security: ['bearer'],
      query: tmfListQuerySchema({}),
      responses: { 200: { description: 'A page', schema: z.array(orderSchema) } },
    }),
    async (request, reply) => {
      const principal = request.principal;
      assertAuthenticated(principal);
      const query = parseListQuery(request.query as Record<string, unknown>, {
        state: 'string',
        'relatedParty.id': 'string',
        orderDate: 'date',
      });
      const filter = customerScopedFilter(principal, query.filter, commerceStaffRoles);
      const { orders: page, total } = await orders.listOrders(filter, query);
      return sendList(
        reply,
        page.map((order) => selectFields(toTmfProductOrder(order), query.fields)),
        total,
      );
    },
  );

  app.get(
    `${base}/:id`,
    documented({
      summary: 'Get a product order',
      tags: orderTags,
      security: ['bearer'],
      params: idParamsSchema,
      query: fieldsQuerySchema,
      responses: { 200: { description: 'The order', schema: orderSchema }, 404: 'No such order' },
    }),
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const order = await loadAccessible(request, id);
      return reply.send(selectFields(toTmfProductOrder(order), parseFields(request.query)));
    },
  );

  app.post(
    tmfPaths.cancelProductOrder,
    documented({
      summary: 'Cancel a product order',
      tags: orderTags,
      security: ['bearer'],
      body: cancelSchema,
      responses: { 201: { description: 'Cancelled', schema: cancellationSchema } },
    }),
    async (request, reply) => {
      assertAuthenticated(request.principal);
      const body = cancelSchema.parse(request.body ?? {});
      const order = await orders.getOrder(body.productOrder.id).catch((error: unknown) => {
        // TMF: the referenced order must exist for the task to be accepted.
        if (error instanceof AppError && error.code === 'NOT_FOUND') {
          throw new AppError('UNPROCESSABLE', error.message, error.details);
        }
        throw error;
      });
      assertCustomerAccess(request.principal, order.customerId, commerceStaffRoles);
      const requestId = newId('cpo');
      const cancelled = await orders.cancel(order._id, {
        channel: requestChannel(request),
        requestId,
        ...(body.cancellationReason ? { reason: body.cancellationReason } : {}),
      });
      reply.header('Location', `${tmfPaths.cancelProductOrder}/${requestId}`);
      return reply.status(201).send(toCancelProductOrder(cancelled));
    },
  );

  app.get(
    `${tmfPaths.cancelProductOrder}/:id`,
    documented({
      summary: 'Get a cancellation request',
      tags: orderTags,
      security: ['bearer'],
      params: idParamsSchema,
      responses: {
        200: { description: 'The cancellation', schema: cancellationSchema },
        404: 'No such cancellation',
      },
    }),
    async (request, reply) => {
      assertAuthenticated(request.principal);
      const { id } = request.params as { id: string };
      const order = await orders.findByCancellationRequest(id);
      if (!order) throw new AppError('NOT_FOUND', `No cancelProductOrder ${id}`, { id });
      assertCustomerAccess(request.principal, order.customerId, commerceStaffRoles);
      return reply.send(toCancelProductOrder(order));
    },
  );
}
