import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assertRole } from '../../domain/shared/principal';
import type { Role } from '../../domain/shared/principal';
import { documented } from '../http/api-docs/route-doc';
import type { ServiceMetrics } from './service-metrics';

/** Scrapers hold a `metrics` token (or an admin's): the figures name routes and queue sizes. */
const scrapers: readonly Role[] = ['metrics'];

/** `GET /metrics` on the public listener, for a caller with the `metrics` role. */
export function registerMetricsRoute(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.get(
    '/metrics',
    documented({
      summary: 'Prometheus metrics of this node',
      description:
        'HTTP latency by route, BullMQ queue depths and job outcomes, socket.io connections, bot ' +
        'turn latency and handover wait times, in the Prometheus text exposition format.',
      tags: ['Service'],
      security: ['bearer'],
      roles: scrapers,
      responses: {
        200: {
          description: 'The exposition text',
          contentType: 'text/plain; version=0.0.4',
          schema: z.string(),
        },
      },
    }),
    async (request, reply) => {
      assertRole(request.principal, scrapers);
      const text = await metrics.render();
      return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
    },
  );
}

/**
 * The same text on a loopback-only listener without credentials (`METRICS_PORT`), for a scraper
 * on the host; worker processes, which have no HTTP app, expose theirs this way.
 */
export async function startInternalMetricsListener(
  metrics: ServiceMetrics,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { server, url: `http://127.0.0.1:${bound}/metrics` };
}
