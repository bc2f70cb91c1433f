import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ServiceOrderState } from '../../domain/commerce/ports';
import {
  SERVICE_ORDER_PATH,
  serviceOrderCreateSchema,
  serviceOrderResponseSchema,
} from './service-order';
import { z } from 'zod';
import type { ServiceOrderCreate } from './service-order';
import { documented } from '../../infra/http/api-docs/route-doc';

export interface ProvisioningStandInOptions {
  /** Latency of every answer, like a real OSS. */
  delayMs?: number;
  /** Share of requests (0..1) answered 503 at random. */
  failureRate?: number;
  /** Injectable for deterministic tests of the failure rate. */
  random?: () => number;
}

export interface StandInServiceOrder {
  id: string;
  href: string;
  '@type': 'ServiceOrder';
  externalId: string;
  state: ServiceOrderState;
  orderDate: string;
  completionDate: string;
  relatedParty: ServiceOrderCreate['relatedParty'];
  serviceOrderItem: Array<
    ServiceOrderCreate['serviceOrderItem'][number] & { state: ServiceOrderState }
  >;
}

function errorBody(status: number, message: string) {
  return {
    '@type': 'Error',
    code: String(status),
    reason: message,
    message,
    status: String(status),
  };
}

/**
 * A local stand-in for the operator's provisioning system: the TMF641 serviceOrder path, payload
 * validation (400), deduplication by externalId (the first submission creates, 201; a repeat returns
 * the same order, 200), latency, a random failure rate and "fail the next N requests" for tests.
 * It keeps its orders in memory: it plays an external system in development and tests only.
 */
export class ProvisioningStandIn {
  private readonly byExternalId = new Map<string, StandInServiceOrder>();
  private readonly submissions = new Map<string, number>();
  private readonly injected: number[] = [];
  private delayMs: number;
  private failureRate: number;
  private readonly random: () => number;
  private requests = 0;

  constructor(options: ProvisioningStandInOptions = {}) {
    this.delayMs = options.delayMs ?? 0;
    this.failureRate = options.failureRate ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** The next `count` valid submissions answer `status` (503 by default; a 4xx plays a refusal). */
  failNext(count: number, status = 503): void {
    for (let index = 0; index < count; index += 1) this.injected.push(status);
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  setFailureRate(rate: number): void {
    if (!(rate >= 0 && rate <= 1)) throw new Error('failure rate is between 0 and 1');
    this.failureRate = rate;
  }

  serviceOrders(): StandInServiceOrder[] {
    return [...this.byExternalId.values()];
  }

  /** How many valid submissions (failed or not) carried this external id. */
  submissionsFor(externalId: string): number {
    return this.submissions.get(externalId) ?? 0;
  }

  get requestCount(): number {
    return this.requests;
  }

  /** Fastify plugin serving the TMF641 paths; mount it with a prefix or on a server of its own. */
  readonly plugin: FastifyPluginAsync = async (app) => {
    app.post(
      SERVICE_ORDER_PATH,
      documented({
        summary: 'Provisioning stand-in: accept a TMF641 service order',
        tags: ['Development stand-ins'],
        body: serviceOrderCreateSchema,
        responses: { 201: { description: 'Accepted', schema: serviceOrderResponseSchema } },
      }),
      async (request, reply) => {
        this.requests += 1;
        const parsed = serviceOrderCreateSchema.safeParse(request.body);
        if (!parsed.success) {
          return reply
            .status(400)
            .send(
              errorBody(
                400,
                parsed.error.issues
                  .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
                  .join('; '),
              ),
            );
        }
        const body = parsed.data;
        this.submissions.set(body.externalId, this.submissionsFor(body.externalId) + 1);
        if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        const injected = this.injected.shift();
        if (injected !== undefined) return this.fail(reply, injected);
        if (this.failureRate > 0 && this.random() < this.failureRate) return this.fail(reply, 503);
        const existing = this.byExternalId.get(body.externalId);
        if (existing) return reply.status(200).send(existing);
        const created = this.create(body, request.url);
        this.byExternalId.set(body.externalId, created);
        return reply.status(201).send(created);
      },
    );

    app.get(
      SERVICE_ORDER_PATH,
      documented({
        summary: 'Provisioning stand-in: list service orders',
        tags: ['Development stand-ins'],
        query: z.object({ externalId: z.string().optional() }),
        responses: {
          200: { description: 'The orders', schema: z.array(serviceOrderResponseSchema) },
        },
      }),
      async (request, reply) => {
        const { externalId } = request.query as { externalId?: string };
        const orders = this.serviceOrders().filter(
          (order) => externalId === undefined || order.externalId === externalId,
        );
        return reply
          .header('X-Total-Count', String(orders.length))
          .header('X-Result-Count', String(orders.length))
          .send(orders);
      },
    );

    app.get(
      `${SERVICE_ORDER_PATH}/:id`,
      documented({
        summary: 'Provisioning stand-in: get a service order',
        tags: ['Development stand-ins'],
        params: z.object({ id: z.string() }),
        responses: {
          200: { description: 'The order', schema: serviceOrderResponseSchema },
          404: 'No such order',
        },
      }),
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const order = this.serviceOrders().find((candidate) => candidate.id === id);
        if (!order) return reply.status(404).send(errorBody(404, `No service order ${id}`));
        return reply.send(order);
      },
    );
  };

  private fail(reply: FastifyReply, status: number): FastifyReply {
    const message =
      status >= 500 ? 'Provisioning temporarily unavailable' : 'Service order refused';
    return reply.status(status).send(errorBody(status, message));
  }

  private create(body: ServiceOrderCreate, url: string): StandInServiceOrder {
    const id = `so-${randomUUID()}`;
    const now = new Date().toISOString();
    return {
      id,
      href: `${url.split('?')[0] ?? ''}/${id}`,
      '@type': 'ServiceOrder',
      externalId: body.externalId,
      // Activation in a real OSS takes a while; the stand-in completes at once.
      state: 'completed',
      orderDate: now,
      completionDate: now,
      relatedParty: body.relatedParty,
      serviceOrderItem: body.serviceOrderItem.map((item) => ({ ...item, state: 'completed' })),
    };
  }
}

export interface RunningProvisioningStandIn {
  standIn: ProvisioningStandIn;
  /** Base URL for HttpProvisioningClient. */
  url: string;
  close(): Promise<void>;
}

/** The stand-in on a server of its own (port 0 by default), as tests and `npm run dev` tools use it. */
export async function startProvisioningStandIn(
  options: ProvisioningStandInOptions & { port?: number; host?: string } = {},
): Promise<RunningProvisioningStandIn> {
  const standIn = new ProvisioningStandIn(options);
  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(standIn.plugin);
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return { standIn, url: address, close: () => app.close() };
}
