import { z } from 'zod';
import type { ZodType } from 'zod';
import { tmfErrorBodySchema } from '../error-body';
import type { CataloguedRoute } from './route-catalogue';
import type { ResponseDoc, RouteDoc, SecurityScheme } from './route-doc';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const securitySchemes: Record<SecurityScheme, Json> = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A staff or customer JWT from the sign-in endpoints, or an operator API key secret, as `Authorization: Bearer …`.',
  },
  twilioSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Twilio-Signature',
    description:
      "Twilio's HMAC-SHA1 of the webhook URL and sorted form parameters, keyed with the account's auth token.",
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'The Twilio stand-in takes the account SID and auth token, as Twilio does.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'session',
    description: "The portal's signed-in customer session.",
  },
};

/** `/a/:id` → `/a/{id}`, OpenAPI's template syntax. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{wildcard}');
}

/**
 * The OpenAPI 3.1 document of every catalogued route, each schema generated from the zod schema
 * the route validates with (`z.toJSONSchema`, JSON Schema 2020-12 as 3.1 uses). Named schemas
 * (`.meta({ id })`) and the TMF630 error land in `components.schemas`.
 */
export function buildOpenApiDocument(
  routes: readonly CataloguedRoute[],
  info: { version: string; serverUrl: string },
): OpenApiDocument {
  const components: Record<string, Json> = {};
  const toSchema = (schema: ZodType, io: 'input' | 'output'): Json => {
    const generated = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      // Transforms and refinements have no JSON Schema; their input side is what a caller sends.
      unrepresentable: 'any',
    }) as Json;
    const { $schema: _ignored, $defs, ...rest } = generated;
    const definitions = ($defs ?? {}) as Record<string, Json>;
    for (const [name, definition] of Object.entries(definitions)) {
      components[name] = relink(definition);
    }
    return relink(rest);
  };
  // Named by its `.meta({ id: 'Error' })`, so it lands in the components itself.
  toSchema(tmfErrorBodySchema, 'output');

  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of routes) {
    if (!route.doc) continue;
    const path = openApiPath(route.url);
    const operations = (paths[path] ??= {});
    route.doc.tags.forEach((tag) => tags.add(tag));
    operations[route.method.toLowerCase()] = operation(route, route.doc, toSchema);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Omni-channel sales assist',
      version: info.version,
      description:
        'TM Forum Open APIs (TMF620, TMF622, TMF629, TMF648, TMF663, TMF683), the service’s own `/api/*`, ' +
        'the Twilio webhooks and the operational endpoints. Every error answers with the TMF630 error body.',
    },
    servers: [{ url: info.serverUrl }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: { schemas: components, securitySchemes },
  };
}

type ToSchema = (schema: ZodType, io: 'input' | 'output') => Json;

function operation(route: CataloguedRoute, doc: RouteDoc, toSchema: ToSchema): Json {
  const parameters = [
    ...parametersOf(doc.params, 'path', toSchema),
    ...parametersOf(doc.query, 'query', toSchema),
  ];
  const responses: Json = {};
  for (const [status, answer] of Object.entries(doc.responses)) {
    responses[status] = responseOf(typeof answer === 'string' ? { description: answer } : answer);
  }
  if (doc.security?.length) {
    responses['401'] ??= errorResponse('No valid credentials were sent');
    if (doc.roles?.length) responses['403'] ??= errorResponse('The caller lacks the role');
  }
  responses['4XX'] ??= errorResponse('The request was refused (TMF630 error body)');
  responses['5XX'] ??= errorResponse('The service failed (TMF630 error body)');
  const roles = doc.roles?.length ? `\n\nRoles: ${doc.roles.join(', ')} (or admin).` : '';
  return {
    operationId: `${route.method.toLowerCase()}${route.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: doc.summary,
    ...(doc.description || roles ? { description: `${doc.description ?? ''}${roles}`.trim() } : {}),
    tags: doc.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              [doc.bodyContentType ?? 'application/json']: { schema: toSchema(doc.body, 'input') },
            },
          },
        }
      : {}),
    responses,
    security: doc.security?.length ? doc.security.map((scheme) => ({ [scheme]: [] })) : [],
  };

  function responseOf(answer: ResponseDoc): Json {
    if (!answer.schema && !answer.contentType) return { description: answer.description };
    const schema = answer.schema ? toSchema(answer.schema, 'output') : { type: 'string' };
    return {
      description: answer.description,
      content: { [answer.contentType ?? 'application/json']: { schema } },
    };
  }
}

function errorResponse(description: string): Json {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

/** One parameter per property of an object schema (`in: path` ones are always required). */
function parametersOf(schema: ZodType | undefined, where: 'path' | 'query', toSchema: ToSchema) {
  if (!schema) return [];
  const generated = toSchema(schema, 'input');
  const properties = (generated.properties ?? {}) as Record<string, Json>;
  const required = new Set((generated.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** zod's `#/$defs/X` references, pointed at the document's shared components. */
function relink(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema).replace(/"#\/\$defs\//g, '"#/components/schemas/'),
  ) as Json;
}
