import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import { AppError } from '../../domain/shared/errors';
import type { Logger } from '../logger';
import { toAppError, toErrorBody } from './error-body';
import { registerBoundedJsonParser } from './json-body';
import { RouteTable } from './route-table';
import { writeClientError } from './client-error';
import { registerApiDocsRoutes } from './api-docs/api-docs-routes';
import { RouteCatalogue } from './api-docs/route-catalogue';
import { documented } from './api-docs/route-doc';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { statusClass } from '../metrics/service-metrics';
import { z } from 'zod';

export type ReadinessCheck = () => Promise<void>;

export interface HttpAppOptions {
  logger: Logger;
  bodyLimitBytes: number;
  /**
   * Proxies (IPs or CIDRs) whose `X-Forwarded-For` is believed. Empty: nobody's, and a client's
   * address is the socket's, so a forged header cannot dodge a per-address limit.
   */
  trustedProxies?: readonly string[];
  /** Named checks behind /ready; each throws when its dependency does not answer. */
  readinessChecks: Record<string, ReadinessCheck>;
  /** Registers the feature routes (TMF APIs, webhooks, pages) on the app. */
  routes?: (app: FastifyInstance) => Promise<void> | void;
  /** Times every request by route pattern when given. */
  metrics?: ServiceMetrics;
  /** The OpenAPI document's version and server (asked when it is first built). */
  apiInfo?: { version: string; serverUrl: () => string };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with what it declared for the OpenAPI document. */
    routeCatalogue: RouteCatalogue;
  }
}

const healthSchema = z.object({ status: z.literal('alive'), uptimeSeconds: z.number().int() });
const readySchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
});

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the HTTP app without listening, so tests drive it with `inject` and main.ts listens. */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is what Fastify wants at run time; its type only differs in optional members.
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    // Behind a proxy the caller's id is kept for tracing; otherwise we make one.
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming)
        ? incoming
        : randomUUID();
    },
    trustProxy: options.trustedProxies?.length ? [...options.trustedProxies] : false,
    return503OnClosing: true,
    // Errors the router raises before any route runs (bad percent-encoding, an overlong parameter).
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    // Errors Node's HTTP parser raises before a request exists (bad request line, huge headers).
    clientErrorHandler: writeClientError,
  });
  const routeTable = new RouteTable();
  const catalogue = new RouteCatalogue();
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.add(method, route.url);
    catalogue.record(route);
  });

  const metrics = options.metrics;
  if (metrics) {
    app.addHook('onResponse', async (request, reply) => {
      // The pattern, never the raw URL: ids in paths would make a series per resource.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpRequestDuration.observe(
        { route, method: request.method, status_class: statusClass(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(formBody);
  registerBoundedJsonParser(app);

  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = routeTable.methodsFor(path);
    if (allowed.length > 0) {
      const error = new AppError(
        'METHOD_NOT_ALLOWED',
        `${path} answers ${allowed.join(', ')}, not ${request.method}`,
        { allowed },
      );
      return reply.header('allow', allowed.join(', ')).status(405).send(toErrorBody(error));
    }
    const error = new AppError('NOT_FOUND', `No route for ${request.method} ${path}`);
    return reply.status(404).send(toErrorBody(error));
  });

  app.get(
    '/health',
    documented({
      summary: 'Liveness: the process answers',
      tags: ['Service'],
      responses: { 200: { description: 'Alive', schema: healthSchema } },
    }),
    async () => ({
      status: 'alive',
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );

  const readyDoc = documented({
    summary: 'Readiness: MongoDB and Redis answer',
    tags: ['Service'],
    responses: {
      200: { description: 'Every dependency is up', schema: readySchema },
      503: { description: 'A dependency is down', schema: readySchema },
    },
  });
  app.get('/ready', readyDoc, async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(options.readinessChecks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, state]) => state === 'up');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });

  registerApiDocsRoutes(
    app,
    catalogue,
    options.apiInfo ?? { version: '0.0.0', serverUrl: () => '/' },
  );

  if (options.routes) await options.routes(app);
  return app;
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: appError.code }, 'request refused');
  return reply.status(appError.status).type('application/json').send(toErrorBody(appError));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
