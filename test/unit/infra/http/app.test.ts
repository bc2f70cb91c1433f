import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../../src/domain/shared/errors';
import { buildHttpApp } from '../../../../src/infra/http/app';
import type { ReadinessCheck } from '../../../../src/infra/http/app';
import { createLogger } from '../../../../src/infra/logger';

const orderBody = z.object({
  productOfferingId: z.string().min(1),
  quantity: z.number().int().positive(),
});

async function buildApp(
  readinessChecks: Record<string, ReadinessCheck> = {},
): Promise<FastifyInstance> {
  return buildHttpApp({
    logger: createLogger('silent'),
    bodyLimitBytes: 1024,
    readinessChecks,
    routes: (app) => {
      app.post('/orders', async (request, reply) => {
        const body = orderBody.parse(request.body);
        return reply.status(201).send(body);
      });
      app.get('/orders/:id', async (request) => {
        throw new AppError(
          'NOT_FOUND',
          `No productOrder with id ${(request.params as { id: string }).id}`,
        );
      });
      app.get('/boom', async () => {
        throw new Error('database password is hunter2');
      });
    },
  });
}

describe('HTTP app', () => {
  let app: FastifyInstance;
  afterEach(async () => app?.close());

  it('answers /health while alive', async () => {
    app = await buildApp();
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'alive' });
  });

  it('answers /ready with 200 when every dependency answers and 503 naming the one that does not', async () => {
    app = await buildApp({ mongodb: async () => undefined, redis: async () => undefined });
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
    await app.close();

    app = await buildApp({
      mongodb: async () => undefined,
      redis: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not-ready',
      checks: { mongodb: 'up', redis: 'down' },
    });
  });

  it('renders domain errors as the TMF error body with their status', async () => {
    app = await buildApp();
    const response = await app.inject({ url: '/orders/42' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      '@type': 'Error',
      code: 'NOT_FOUND',
      reason: 'Resource not found',
      message: 'No productOrder with id 42',
      status: '404',
    });
  });

  it('turns zod failures into 400 with the failing fields', async () => {
    app = await buildApp();
    const response = await app.inject({ method: 'POST', url: '/orders', payload: { quantity: 0 } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'productOfferingId',
      'quantity',
    ]);
  });

  it('rejects malformed JSON, oversized bodies and unknown routes with the same body shape', async () => {
    app = await buildApp();
    const malformed = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"productOfferingId":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('VALIDATION_FAILED');

    const oversized = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { productOfferingId: 'x'.repeat(2048), quantity: 1 },
    });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json().code).toBe('PAYLOAD_TOO_LARGE');

    const unknown = await app.inject({ url: '/nowhere?secret=1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No route for GET /nowhere',
    });
  });

  it('hides internal error details from callers', async () => {
    app = await buildApp();
    const response = await app.inject({ url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL', status: '500' });
    expect(response.body).not.toContain('hunter2');
  });

  it('keeps a caller-supplied request id and makes one otherwise', async () => {
    app = await buildApp();
    const traced = await app.inject({
      url: '/health',
      headers: { 'x-request-id': 'upstream-7f3a' },
    });
    expect(traced.headers['x-request-id']).toBe('upstream-7f3a');
    const fresh = await app.inject({
      url: '/health',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
