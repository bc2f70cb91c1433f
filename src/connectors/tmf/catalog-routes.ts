import type { FastifyInstance } from 'fastify';
import type {
  CatalogResource,
  CatalogResourceStore,
  CatalogService,
  OfferService,
} from '../../domain/catalog/persistence';
import type { CatalogResourceKind } from '../../domain/catalog/persistence';
import { assertRole } from '../../domain/shared/principal';
import type { Role } from '../../domain/shared/principal';
import { registerOffersRoute } from './catalog-offers-route';
import {
  catalogBasePath,
  catalogHref,
  catalogResourcePaths,
  offeringToTmf,
  priceToTmf,
  promotionToTmf,
  specificationToTmf,
} from './catalog-representation';
import type { TmfResource } from './catalog-representation';
import { parseFields, parseListQuery } from './list-query';
import type { FilterType } from './list-query';
import { acceptMergePatch, selectFields, sendList } from './resource';
import { documented } from '../../infra/http/api-docs/route-doc';
import type { ZodType } from 'zod';
import {
  productOfferingCreateSchema,
  productOfferingPatchSchema,
} from '../../domain/catalog/product-offering';
import {
  productOfferingPriceCreateSchema,
  productOfferingPricePatchSchema,
} from '../../domain/catalog/product-offering-price';
import {
  productSpecificationCreateSchema,
  productSpecificationPatchSchema,
} from '../../domain/catalog/product-specification';
import { promotionCreateSchema, promotionPatchSchema } from '../../domain/catalog/promotion';
import { tmfCrudDocs } from './route-docs';

export interface CatalogRouteServices {
  catalog: CatalogService;
  offers: OfferService;
}

/** Reads are public (the portal shows the catalog); writes are for catalog managers (and admins). */
const catalogWriters: readonly Role[] = ['catalog-manager'];

const lifecycleFilters: Record<string, FilterType> = {
  id: 'string',
  name: 'string',
  version: 'string',
  lifecycleStatus: 'string',
  lastUpdate: 'date',
};

interface ResourceRoutes<T extends CatalogResource> {
  kind: CatalogResourceKind;
  store: CatalogResourceStore<T>;
  filterable: Record<string, FilterType>;
  toTmf(resource: T): TmfResource;
  /** The schemas the store validates with, for the OpenAPI document. */
  schemas: { create: ZodType; patch: ZodType; type: string; api?: string };
}

/** TMF630 CRUD for one resource: POST 201, GET list 200 with counts, GET 200, PATCH 200, DELETE 204. */
function registerResourceRoutes<T extends CatalogResource>(
  app: FastifyInstance,
  routes: ResourceRoutes<T>,
): void {
  const collection = `${catalogBasePath}/${catalogResourcePaths[routes.kind]}`;
  const { store, toTmf } = routes;
  const docs = tmfCrudDocs({
    api: routes.schemas.api ?? 'TMF620 Product Catalog',
    type: routes.schemas.type,
    filterable: routes.filterable,
    create: routes.schemas.create,
    patch: routes.schemas.patch,
    writerRoles: catalogWriters,
  });

  app.post(collection, documented(docs.create), async (request, reply) => {
    assertRole(request.principal, catalogWriters);
    const created = await store.create(request.body);
    return reply
      .status(201)
      .header('Location', catalogHref(routes.kind, created.id))
      .send(toTmf(created));
  });

  app.get(collection, documented(docs.list), async (request, reply) => {
    const query = parseListQuery(request.query as Record<string, unknown>, routes.filterable);
    const page = await store.list(query);
    const items = page.items.map((item) => selectFields(toTmf(item), query.fields));
    return sendList(reply, items, page.total);
  });

  app.get<{ Params: { id: string } }>(
    `${collection}/:id`,
    documented(docs.get),
    async (request) => {
      const resource = await store.get(request.params.id);
      return selectFields(toTmf(resource), parseFields(request.query));
    },
  );

  app.patch<{ Params: { id: string } }>(
    `${collection}/:id`,
    documented(docs.patch),
    async (request) => {
      assertRole(request.principal, catalogWriters);
      return toTmf(await store.patch(request.params.id, request.body));
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${collection}/:id`,
    documented(docs.remove),
    async (request, reply) => {
      assertRole(request.principal, catalogWriters);
      await store.delete(request.params.id);
      return reply.status(204).send();
    },
  );
}

/**
 * TMF620 Product Catalog Management v4 (productOffering, productOfferingPrice, productSpecification),
 * our `promotion` extension under the same base path, and the non-TMF `GET /api/offers`.
 */
export function registerCatalogRoutes(app: FastifyInstance, services: CatalogRouteServices): void {
  acceptMergePatch(app);
  const { catalog } = services;
  registerResourceRoutes(app, {
    kind: 'productOffering',
    schemas: {
      create: productOfferingCreateSchema,
      patch: productOfferingPatchSchema,
      type: 'ProductOffering',
    },
    store: catalog.offerings,
    toTmf: offeringToTmf,
    filterable: {
      ...lifecycleFilters,
      isBundle: 'boolean',
      'productSpecification.id': 'string',
      'productOfferingPrice.id': 'string',
      'bundledProductOffering.id': 'string',
      'category.id': 'string',
      'channelRules.sellableOn': 'string',
      'channelRules.visibleOn': 'string',
    },
  });
  registerResourceRoutes(app, {
    kind: 'productOfferingPrice',
    schemas: {
      create: productOfferingPriceCreateSchema,
      patch: productOfferingPricePatchSchema,
      type: 'ProductOfferingPrice',
    },
    store: catalog.prices,
    toTmf: priceToTmf,
    filterable: { ...lifecycleFilters, priceType: 'string', recurringChargePeriodType: 'string' },
  });
  registerResourceRoutes(app, {
    kind: 'productSpecification',
    schemas: {
      create: productSpecificationCreateSchema,
      patch: productSpecificationPatchSchema,
      type: 'ProductSpecification',
    },
    store: catalog.specifications,
    toTmf: specificationToTmf,
    filterable: lifecycleFilters,
  });
  // Not part of TMF620: promotions are this service's extension, exposed beside the catalog they discount.
  registerResourceRoutes(app, {
    kind: 'promotion',
    schemas: {
      create: promotionCreateSchema,
      patch: promotionPatchSchema,
      type: 'Promotion',
      api: 'Promotions (extension)',
    },
    store: catalog.promotions,
    toTmf: promotionToTmf,
    filterable: {
      id: 'string',
      name: 'string',
      campaignId: 'string',
      offeringIds: 'string',
      channels: 'string',
      lastUpdate: 'date',
    },
  });
  registerOffersRoute(app, services.offers);
}
