import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument } from './openapi-document';
import type { OpenApiDocument } from './openapi-document';
import type { RouteCatalogue } from './route-catalogue';
import { documented } from './route-doc';

const openApiSchema = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.unknown()),
});

/**
 * `GET /openapi.json` and `GET /docs`. The document is built on first request, once every feature
 * has registered its routes, and kept: routes cannot change after the server listens.
 */
export function registerApiDocsRoutes(
  app: FastifyInstance,
  catalogue: RouteCatalogue,
  info: { version: string; serverUrl: () => string },
): void {
  let document: OpenApiDocument | undefined;
  const current = () =>
    (document ??= buildOpenApiDocument(catalogue.routes, {
      version: info.version,
      serverUrl: info.serverUrl(),
    }));

  app.get(
    '/openapi.json',
    documented({
      summary: 'This OpenAPI 3.1 document',
      tags: ['Service'],
      responses: { 200: { description: 'The document', schema: openApiSchema } },
    }),
    async (_request, reply) => reply.header('cache-control', 'no-cache').send(current()),
  );

  app.get(
    '/docs',
    documented({
      summary: 'The API reference, readable',
      tags: ['Service'],
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    }),
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        // No script at all, and its one inline style sheet: nothing else may load or run.
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
        )
        .header('x-content-type-options', 'nosniff')
        .send(renderDocsPage(current())),
  );
}
