import { z } from 'zod';
import type { ZodType } from 'zod';
import type { RouteDoc } from '../../infra/http/api-docs/route-doc';
import { MAX_LIMIT } from './list-query';
import type { FilterType } from './list-query';

const filterValue: Record<FilterType, ZodType> = {
  string: z.string().meta({ description: 'One value, or several separated by commas' }),
  number: z.string().meta({ description: 'A number; `.gt`, `.gte`, `.lt`, `.lte`, `.ne` compare' }),
  date: z.string().meta({
    description: 'An ISO 8601 date-time, quoted or not; `.gt`, `.gte`, `.lt`, `.lte` compare',
  }),
  boolean: z.enum(['true', 'false']),
};

/**
 * TMF630 list parameters for the attributes `filterable` allows: the same map `parseListQuery`
 * refuses every other attribute with, so the document lists exactly what is accepted.
 */
export function tmfListQuerySchema(filterable: Record<string, FilterType>): ZodType {
  return z.object({
    fields: z
      .string()
      .optional()
      .meta({ description: 'Top-level attributes to return, comma-separated' }),
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(0).max(MAX_LIMIT).optional(),
    sort: z.string().optional().meta({ description: 'Attributes to sort by; `-name` descends' }),
    ...Object.fromEntries(
      Object.entries(filterable).map(([name, type]) => [name, filterValue[type].optional()]),
    ),
  });
}

export const fieldsQuerySchema = z.object({
  fields: z
    .string()
    .optional()
    .meta({ description: 'Top-level attributes to return, comma-separated' }),
});

export const idParamsSchema = z.object({ id: z.string().min(1).max(100) });

/** A TMF resource as answered: every item carries these; the rest is the resource's own. */
export function tmfResourceSchema(type: string): ZodType {
  return z
    .looseObject({ id: z.string(), href: z.string(), '@type': z.string() })
    .meta({ id: type, description: `A TMF ${type}` });
}

const tmfTag = (api: string) => api;

/** The five TMF630 operations on one resource, with the same answers each gives. */
export function tmfCrudDocs(options: {
  api: string;
  type: string;
  filterable: Record<string, FilterType>;
  create?: ZodType;
  patch?: ZodType;
  writerRoles?: readonly string[];
  /** Who may read: public unless given. */
  readSecurity?: RouteDoc['security'];
}) {
  const resource = tmfResourceSchema(options.type);
  const tags = [tmfTag(options.api)];
  const writes = { security: ['bearer'] as RouteDoc['security'], roles: options.writerRoles };
  const reads = options.readSecurity ? { security: options.readSecurity } : {};
  return {
    create: {
      summary: `Create a ${options.type}`,
      tags,
      ...writes,
      ...(options.create ? { body: options.create } : { noBody: true as const }),
      responses: { 201: { description: 'Created', schema: resource } },
    },
    list: {
      summary: `List ${options.type} resources`,
      tags,
      ...reads,
      query: tmfListQuerySchema(options.filterable),
      responses: {
        200: {
          description: 'A page; X-Total-Count and X-Result-Count say how many',
          schema: z.array(resource),
        },
      },
    },
    get: {
      summary: `Get a ${options.type}`,
      tags,
      ...reads,
      params: idParamsSchema,
      query: fieldsQuerySchema,
      responses: {
        200: { description: 'The resource', schema: resource },
        404: 'No such resource',
      },
    },
    patch: {
      summary: `Change a ${options.type} (merge patch)`,
      tags,
      ...writes,
      params: idParamsSchema,
      ...(options.patch ? { body: options.patch } : { noBody: true as const }),
      responses: {
        200: { description: 'The changed resource', schema: resource },
        404: 'No such resource',
      },
    },
    remove: {
      summary: `Delete a ${options.type}`,
      tags,
      ...writes,
      params: idParamsSchema,
      responses: { 204: 'Deleted', 404: 'No such resource' },
    },
  } satisfies Record<string, RouteDoc>;
}
