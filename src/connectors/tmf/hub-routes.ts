import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/shared/errors';
import { assertRole } from '../../domain/shared/principal';
import type { HubSubscription, HubSubscriptionStore } from './hub-subscriptions';
import { documented } from '../../infra/http/api-docs/route-doc';
import { idParamsSchema, tmfResourceSchema } from './route-docs';

export const PRODUCT_ORDER_HUB_PATH = '/tmf-api/productOrderingManagement/v4/hub';

const registerSchema = z.strictObject({
  callback: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
  query: z.string().max(1000).optional(),
  // TMF630 lets any input carry its polymorphism fields; accepted, never interpreted.
  '@type': z.string().max(100).optional(),
  '@baseType': z.string().max(100).optional(),
  '@schemaLocation': z.string().max(2000).optional(),
});

function toTmfHub(subscription: HubSubscription) {
  return {
    id: subscription._id,
    href: `${PRODUCT_ORDER_HUB_PATH}/${subscription._id}`,
    '@type': 'EventSubscription',
    callback: subscription.callback,
    query: subscription.query,
  };
}

const hubTags = ['TMF622 Product Ordering'];
const hubSchema = tmfResourceSchema('EventSubscription');

/**
 * TMF622 event hub: operator systems register a callback and receive ProductOrderCreateEvent and
 * ProductOrderStateChangeEvent, signed with the secret returned (once) at registration.
 */
export function registerHubRoutes(
  app: FastifyInstance,
  services: { hub: HubSubscriptionStore },
): void {
  const { hub } = services;

  app.post(
    PRODUCT_ORDER_HUB_PATH,
    documented({
      summary: 'Register a callback for product order events',
      tags: hubTags,
      security: ['bearer'],
      roles: ['system'],
      body: registerSchema,
      responses: {
        201: { description: 'Registered; the signing secret is returned once', schema: hubSchema },
      },
    }),
    async (request, reply) => {
      assertRole(request.principal, ['system']);
      const body = registerSchema.parse(request.body ?? {});
      const subscription = await hub.register({
        callback: body.callback,
        query: body.query ?? '',
        createdBy: request.principal.id,
      });
      reply.header('Location', `${PRODUCT_ORDER_HUB_PATH}/${subscription._id}`);
      return reply.status(201).send({ ...toTmfHub(subscription), secret: subscription.secret });
    },
  );

  app.get(
    `${PRODUCT_ORDER_HUB_PATH}/:id`,
    documented({
      summary: 'Get an event subscription',
      tags: hubTags,
      security: ['bearer'],
      roles: ['system'],
      params: idParamsSchema,
      responses: {
        200: { description: 'The subscription', schema: hubSchema },
        404: 'No such subscription',
      },
    }),
    async (request, reply) => {
      assertRole(request.principal, ['system']);
      const { id } = request.params as { id: string };
      const subscription = await hub.find(id);
      if (!subscription) throw new AppError('NOT_FOUND', `No hub subscription ${id}`, { id });
      return reply.send(toTmfHub(subscription));
    },
  );

  app.delete(
    `${PRODUCT_ORDER_HUB_PATH}/:id`,
    documented({
      summary: 'Remove an event subscription',
      tags: hubTags,
      security: ['bearer'],
      roles: ['system'],
      params: idParamsSchema,
      responses: { 204: 'Removed', 404: 'No such subscription' },
    }),
    async (request, reply) => {
      assertRole(request.principal, ['system']);
      const { id } = request.params as { id: string };
      if (!(await hub.remove(id))) {
        throw new AppError('NOT_FOUND', `No hub subscription ${id}`, { id });
      }
      return reply.status(204).send();
    },
  );
}
