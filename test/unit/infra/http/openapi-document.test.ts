import Fastify from 'fastify';
import { z } from 'zod';
import {
  buildOpenApiDocument,
  openApiPath,
} from '../../../../src/infra/http/api-docs/openapi-document';
import { RouteCatalogue } from '../../../../src/infra/http/api-docs/route-catalogue';
import { documented } from '../../../../src/infra/http/api-docs/route-doc';

const thingSchema = z
  .object({ name: z.string().min(1), size: z.number().int() })
  .meta({ id: 'Thing' });

async function catalogued(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify();
  const catalogue = new RouteCatalogue();
  app.addHook('onRoute', (route) => catalogue.record(route));
  register(app);
  await app.ready();
  await app.close();
  return catalogue;
}

describe('RouteCatalogue', () => {
  it('names a route that declares no schema, a parameter without params, a write without body', async () => {
    const catalogue = await catalogued((app) => {
      app.get('/bare', async () => ({}));
      app.get(
        '/things/:id',
        documented({ summary: 'x', tags: ['t'], responses: { 200: 'ok' } }),
        async () => ({}),
      );
      app.post(
        '/things',
        documented({ summary: 'x', tags: ['t'], responses: { 201: 'ok' } }),
        async () => ({}),
      );
      app.post(
        '/things/go',
        documented({ summary: 'x', tags: ['t'], noBody: true, responses: { 200: 'ok' } }),
        async () => ({}),
      );
    });
    expect(catalogue.gaps()).toEqual([
      'GET /bare: no schema declared',
      'GET /things/:id: no params schema',
      'POST /things: no body schema',
    ]);
  });
});

describe('buildOpenApiDocument', () => {
  it('turns declared zod schemas into parameters, bodies and shared components', async () => {
    const catalogue = await catalogued((app) => {
      app.post(
        '/things/:id',
        documented({
          summary: 'Change a thing',
          tags: ['Things'],
          security: ['bearer'],
          roles: ['admin'],
          params: z.object({ id: z.string() }),
          query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
          body: thingSchema,
          responses: { 200: { description: 'Changed', schema: thingSchema } },
        }),
        async () => ({}),
      );
    });
    const document = buildOpenApiDocument(catalogue.routes, {
      version: '1.2.3',
      serverUrl: 'http://x',
    });
    const operation = document.paths['/things/{id}']?.post as Record<string, unknown>;
    expect(operation.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'dryRun',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['true', 'false'] },
      },
    ]);
    expect(operation.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
    });
    expect(document.components.schemas.Thing).toMatchObject({
      type: 'object',
      required: ['name', 'size'],
    });
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation.responses as object)).toEqual(['200', '401', '403', '4XX', '5XX']);
    expect(document.components.schemas.Error).toHaveProperty('properties.code');
  });

  it('writes Fastify parameters in OpenAPI template syntax', () => {
    expect(openApiPath('/a/:id/b/:name')).toBe('/a/{id}/b/{name}');
  });
});
