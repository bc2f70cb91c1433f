import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Customer } from '../../domain/customers/customer';
import type { CustomerService } from '../../domain/customers/customer-service';
import { normalisePhone } from '../../domain/shared/phone';
import {
  CUSTOMER_BASE_PATH,
  customerHref,
  fromTmfCustomerCreate,
  fromTmfCustomerPatch,
  toTmfCustomer,
} from '../../domain/customers/tmf-customer';
import { AppError } from '../../domain/shared/errors';
import { assertCustomerAccess, assertRole } from '../../domain/shared/principal';
import type { Role } from '../../domain/shared/principal';
import { parseFields, parseListQuery } from './list-query';
import type { FilterType } from './list-query';
import { acceptMergePatch, selectFields, sendList } from './resource';
import { documented } from '../../infra/http/api-docs/route-doc';
import { tmfCrudDocs } from './route-docs';
import {
  tmfCustomerCreateSchema,
  tmfCustomerPatchSchema,
} from '../../domain/customers/tmf-customer';

export interface CustomerRouteServices {
  customers: CustomerService;
}

/** Who may change customer data or list customers (admin always may). */
const customerWriters: readonly Role[] = ['agent', 'system'];
/** Staff who may read any one customer; a customer may read only herself. */
const customerReaders: readonly Role[] = ['agent', 'supervisor', 'system'];

/** TMF attribute → stored field, with how a filter value is normalised. */
const filterable: Record<string, FilterType> = {
  id: 'string',
  status: 'string',
  segment: 'string',
  region: 'string',
  'contactMedium.characteristic.phoneNumber': 'string',
  'contactMedium.characteristic.emailAddress': 'string',
  lastUpdate: 'date',
};
const storedField: Record<string, string> = {
  id: '_id',
  'contactMedium.characteristic.phoneNumber': 'mobile',
  'contactMedium.characteristic.emailAddress': 'email',
};
const valueNormalisers: Record<string, (value: unknown) => unknown> = {
  mobile: (value) => normalisePhone(String(value)),
  email: (value) => String(value).toLowerCase(),
};

/** The schemas `fromTmfCustomerCreate` / `fromTmfCustomerPatch` validate with, for the document. */
const docs = tmfCrudDocs({
  api: 'TMF629 Customer',
  type: 'Customer',
  filterable,
  create: tmfCustomerCreateSchema,
  patch: tmfCustomerPatchSchema,
  writerRoles: customerWriters,
  readSecurity: ['bearer'],
});

/** TMF629 Customer Management v4: list, get, create, patch (merge-patch or JSON), delete. */
export function registerCustomerRoutes(
  app: FastifyInstance,
  services: CustomerRouteServices,
): void {
  acceptMergePatch(app);
  const { customers } = services;

  app.get(
    CUSTOMER_BASE_PATH,
    documented({ ...docs.list, roles: customerWriters }),
    async (request, reply) => {
      assertRole(request.principal, customerWriters);
      const query = parseListQuery(request.query as Record<string, unknown>, filterable);
      const page = await customers.list({
        filter: toStoredFilter(query.filter),
        offset: query.offset,
        limit: query.limit,
        ...(query.sort ? { sort: toStoredSort(query.sort) } : {}),
      });
      const items = page.items.map((customer) =>
        selectFields(toTmfCustomer(customer), query.fields),
      );
      return sendList(reply, items, page.total);
    },
  );

  app.get<{ Params: { id: string } }>(
    `${CUSTOMER_BASE_PATH}/:id`,
    documented({
      ...docs.get,
      roles: customerReaders,
      description: 'A customer may read only herself.',
    }),
    async (request, reply) => {
      // Access is decided before looking: a customer probing other ids learns nothing from 404s.
      assertCustomerAccess(request.principal, request.params.id, customerReaders);
      const customer = await customers.get(request.params.id);
      return withVersion(reply, customer).send(
        selectFields(toTmfCustomer(customer), parseFields(request.query)),
      );
    },
  );

  app.post(CUSTOMER_BASE_PATH, documented(docs.create), async (request, reply) => {
    assertRole(request.principal, customerWriters);
    const created = await customers.create(fromTmfCustomerCreate(request.body));
    return withVersion(reply, created)
      .status(201)
      .header('Location', customerHref(created.id))
      .send(toTmfCustomer(created));
  });

  app.patch<{ Params: { id: string } }>(
    `${CUSTOMER_BASE_PATH}/:id`,
    documented(docs.patch),
    async (request, reply) => {
      assertRole(request.principal, customerWriters);
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const current = await customers.get(request.params.id);
      const updated = await customers.update(
        current.id,
        fromTmfCustomerPatch(request.body, current),
        expectedVersion,
      );
      return withVersion(reply, updated).send(toTmfCustomer(updated));
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${CUSTOMER_BASE_PATH}/:id`,
    documented(docs.remove),
    async (request, reply) => {
      assertRole(request.principal, customerWriters);
      await customers.delete(request.params.id);
      return reply.status(204).send();
    },
  );
}

function toStoredFilter(filter: Record<string, unknown>): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [attribute, condition] of Object.entries(filter)) {
    const field = storedField[attribute] ?? attribute;
    const normalise = valueNormalisers[field];
    stored[field] = normalise ? normaliseCondition(condition, normalise) : condition;
  }
  return stored;
}

function normaliseCondition(condition: unknown, normalise: (value: unknown) => unknown): unknown {
  if (!condition || typeof condition !== 'object') return normalise(condition);
  return Object.fromEntries(
    Object.entries(condition as Record<string, unknown>).map(([operator, value]) => [
      operator,
      Array.isArray(value) ? value.map(normalise) : normalise(value),
    ]),
  );
}

function toStoredSort(sort: Record<string, 1 | -1>): Record<string, 1 | -1> {
  return Object.fromEntries(
    Object.entries(sort).map(([attribute, direction]) => [
      storedField[attribute] ?? attribute,
      direction,
    ]),
  );
}

/** The version as a strong ETag, so a client can send it back as If-Match on PATCH. */
function withVersion(reply: FastifyReply, customer: Customer): FastifyReply {
  return reply.header('ETag', `"${customer.version}"`);
}

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match?.[1]) {
    throw new AppError('VALIDATION_FAILED', 'If-Match must be an ETag this API returned');
  }
  return Number(match[1]);
}
