import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../src/domain/shared/clock';
import { bearer, bodies, secrets, startCatalogRuntime } from './catalog-harness';
import type { CatalogTestRuntime } from './catalog-harness';

const base = '/tmf-api/productCatalogManagement/v4';
const manager = bearer(secrets.catalogManager);
const mergePatch = { ...manager, 'content-type': 'application/merge-patch+json' };

interface ResourceCase {
  path: string;
  type: string;
  /** Creates what the resource refers to, so it can be created itself. */
  prepare?: (app: FastifyInstance) => Promise<void>;
  body(id: string): Record<string, unknown>;
  defaultsLifecycle: boolean;
}

async function post(app: FastifyInstance, path: string, payload: unknown) {
  const response = await app.inject({
    method: 'POST',
    url: `${base}/${path}`,
    headers: manager,
    payload: payload as object,
  });
  if (response.statusCode !== 201) throw new Error(`setup POST ${path}: ${response.body}`);
}

const cases: ResourceCase[] = [
  {
    path: 'productSpecification',
    type: 'ProductSpecification',
    body: (id) => ({
      ...bodies.specification(id),
      description: 'SIM-only plan',
      lifecycleStatus: undefined,
    }),
    defaultsLifecycle: true,
  },
  {
    path: 'productOfferingPrice',
    type: 'ProductOfferingPrice',
    body: (id) => ({
      ...bodies.monthlyPrice(id, 18),
      description: 'Per month',
      lifecycleStatus: undefined,
    }),
    defaultsLifecycle: true,
  },
  {
    path: 'productOffering',
    type: 'ProductOffering',
    prepare: (app) =>
      post(app, 'productOfferingPrice', bodies.monthlyPrice('pop-crud-offering', 18)),
    body: (id) => ({
      ...bodies.offering(id, 'Unlimited Talk & Text 30 GB', {
        productOfferingPrice: [{ id: 'pop-crud-offering' }],
      }),
      description: 'Unlimited UK calls and texts',
      lifecycleStatus: undefined,
    }),
    defaultsLifecycle: true,
  },
  {
    path: 'promotion',
    type: 'Promotion',
    prepare: async (app) => {
      await post(app, 'productOfferingPrice', bodies.monthlyPrice('pop-crud-promo', 5));
      await post(
        app,
        'productOffering',
        bodies.offering('po-crud-promo', 'Summer Data Double', {
          productOfferingPrice: [{ id: 'pop-crud-promo' }],
        }),
      );
    },
    body: (id) => ({
      id,
      name: 'Summer Data Double: £1 off',
      description: 'For campaign recipients',
      offeringIds: ['po-crud-promo'],
      discount: { kind: 'amount', value: 100, appliesTo: 'recurring' },
      validFor: { startDateTime: '2026-06-01T00:00:00Z', endDateTime: '2026-09-01T00:00:00Z' },
      campaignId: 'cmp-summer-data-double',
    }),
    defaultsLifecycle: false,
  },
];

describe('TMF620 product catalog API', () => {
  let ctx: CatalogTestRuntime;
  let app: FastifyInstance;
  const clock = fixedClock('2026-07-01T09:00:00.000Z');

  beforeAll(async () => {
    ctx = await startCatalogRuntime({ clock });
    app = ctx.runtime.app!;
  });

  afterAll(async () => {
    await ctx?.runtime.stop();
  });

  describe.each(cases)('$path', (resource) => {
    const id = `crud-${resource.path.toLowerCase()}`;
    const url = `${base}/${resource.path}`;

    beforeAll(async () => {
      await resource.prepare?.(app);
    });

    it('creates with 201, server-set href, @type and lastUpdate, and a Location header', async () => {
      clock.set('2026-07-01T09:00:00.000Z');
      const response = await app.inject({
        method: 'POST',
        url,
        headers: manager,
        payload: resource.body(id),
      });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({
        id,
        href: `${url}/${id}`,
        '@type': resource.type,
        lastUpdate: '2026-07-01T09:00:00.000Z',
      });
      if (resource.defaultsLifecycle) expect(created.lifecycleStatus).toBe('In design');
      expect(response.headers.location).toBe(`${url}/${id}`);

      const read = await app.inject({ method: 'GET', url: `${url}/${id}` });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(created);
    });

    it('answers 401 without credentials and 403 for a role that may not edit the catalog', async () => {
      const anonymous = await app.inject({
        method: 'POST',
        url,
        payload: resource.body(`${id}-x`),
      });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({
        '@type': 'Error',
        code: 'UNAUTHENTICATED',
        status: '401',
      });
      const agent = await app.inject({
        method: 'POST',
        url,
        headers: bearer(secrets.agent),
        payload: resource.body(`${id}-x`),
      });
      expect(agent.statusCode).toBe(403);
      for (const method of ['PATCH', 'DELETE'] as const) {
        const noKey = await app.inject({ method, url: `${url}/${id}`, payload: { name: 'x' } });
        expect(noKey.statusCode).toBe(401);
        const wrongRole = await app.inject({
          method,
          url: `${url}/${id}`,
          headers: bearer(secrets.agent),
          payload: { name: 'x' },
        });
        expect(wrongRole.statusCode).toBe(403);
      }
      // Nothing was written by the refused requests.
      expect((await app.inject({ method: 'GET', url: `${url}/${id}-x` })).statusCode).toBe(404);
    });

    it('rejects unknown and server-owned body fields with 400', async () => {
      const unknown = await app.inject({
        method: 'POST',
        url,
        headers: manager,
        payload: { ...resource.body(`${id}-y`), colour: 'red' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: '400' });
      expect(unknown.json().message).toContain('colour');
      const serverOwned = await app.inject({
        method: 'POST',
        url,
        headers: manager,
        payload: { ...resource.body(`${id}-y`), lastUpdate: '2020-01-01T00:00:00Z' },
      });
      expect(serverOwned.statusCode).toBe(400);
      const patch = await app.inject({
        method: 'PATCH',
        url: `${url}/${id}`,
        headers: mergePatch,
        payload: JSON.stringify({ colour: 'red' }),
      });
      expect(patch.statusCode).toBe(400);
    });

    it('merge-patches (null removes a field), re-sets lastUpdate, and accepts application/json too', async () => {
      clock.set('2026-07-02T10:30:00.000Z');
      const patched = await app.inject({
        method: 'PATCH',
        url: `${url}/${id}`,
        headers: mergePatch,
        payload: JSON.stringify({ name: 'Renamed', description: null }),
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        id,
        name: 'Renamed',
        lastUpdate: '2026-07-02T10:30:00.000Z',
      });
      expect(patched.json()).not.toHaveProperty('description');

      const asJson = await app.inject({
        method: 'PATCH',
        url: `${url}/${id}`,
        headers: manager,
        payload: { description: 'Back again' },
      });
      expect(asJson.statusCode).toBe(200);
      expect(asJson.json()).toMatchObject({ name: 'Renamed', description: 'Back again' });
      expect((await app.inject({ method: 'GET', url: `${url}/${id}` })).json()).toEqual(
        asJson.json(),
      );
    });

    it('refuses to change the id', async () => {
      const response = await app.inject({
        method: 'PATCH',
        url: `${url}/${id}`,
        headers: mergePatch,
        payload: JSON.stringify({ id: 'other' }),
      });
      expect(response.statusCode).toBe(400);
    });

    it('refuses a second resource with the same id with 409', async () => {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: manager,
        payload: resource.body(id),
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('CONFLICT');
    });

    it('answers 404 with the TMF error body for unknown ids', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await app.inject({
          method,
          url: `${url}/no-such-id`,
          headers: manager,
          ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
        });
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({
          '@type': 'Error',
          code: 'NOT_FOUND',
          status: '404',
        });
      }
    });

    it('deletes with 204, after which the resource is gone', async () => {
      const deleted = await app.inject({ method: 'DELETE', url: `${url}/${id}`, headers: manager });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expect((await app.inject({ method: 'GET', url: `${url}/${id}` })).statusCode).toBe(404);
      expect(
        (await app.inject({ method: 'DELETE', url: `${url}/${id}`, headers: manager })).statusCode,
      ).toBe(404);
    });

    it('lets an admin write too', async () => {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: bearer(secrets.admin),
        payload: resource.body(`${id}-admin`),
      });
      expect(response.statusCode).toBe(201);
    });
  });

  describe('lists', () => {
    const url = `${base}/productOfferingPrice`;

    beforeAll(async () => {
      clock.set('2026-07-10T08:00:00.000Z');
      for (const [index, value] of [10, 18, 30].entries()) {
        await post(
          app,
          'productOfferingPrice',
          bodies.monthlyPrice(`pop-list-${index}`, value, { name: `List plan ${index}` }),
        );
      }
      clock.set('2026-07-11T08:00:00.000Z');
      await post(app, 'productOfferingPrice', {
        ...bodies.monthlyPrice('pop-list-retired', 15, { name: 'List plan retired' }),
        lifecycleStatus: 'Retired',
      });
    });

    it('filters by attribute, pages with offset/limit and counts with X-Total-Count / X-Result-Count', async () => {
      const all = await app.inject({
        method: 'GET',
        url: `${url}?name=List plan 0,List plan 1,List plan 2,List plan retired&sort=name`,
      });
      expect(all.statusCode).toBe(200);
      expect(all.headers['x-total-count']).toBe('4');
      expect(all.json().map((price: { id: string }) => price.id)).toEqual([
        'pop-list-0',
        'pop-list-1',
        'pop-list-2',
        'pop-list-retired',
      ]);

      const page = await app.inject({
        method: 'GET',
        url: `${url}?name=List plan 0,List plan 1,List plan 2,List plan retired&sort=-name&offset=1&limit=2`,
      });
      expect(page.headers['x-total-count']).toBe('4');
      expect(page.headers['x-result-count']).toBe('2');
      expect(page.json().map((price: { id: string }) => price.id)).toEqual([
        'pop-list-2',
        'pop-list-1',
      ]);

      const retired = await app.inject({ method: 'GET', url: `${url}?lifecycleStatus=Retired` });
      expect(retired.json().map((price: { id: string }) => price.id)).toEqual(['pop-list-retired']);

      const recent = await app.inject({
        method: 'GET',
        url: `${url}?lastUpdate.gte=2026-07-11T00:00:00Z`,
      });
      expect(recent.json().map((price: { id: string }) => price.id)).toEqual(['pop-list-retired']);
    });

    it('selects fields but always keeps id, href and @type', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `${url}?id=pop-list-1&fields=name,price`,
      });
      expect(response.json()).toEqual([
        {
          id: 'pop-list-1',
          href: `${url}/pop-list-1`,
          '@type': 'ProductOfferingPrice',
          name: 'List plan 1',
          price: { taxIncludedAmount: { unit: 'GBP', value: 18 }, taxRate: 20 },
        },
      ]);
      const one = await app.inject({
        method: 'GET',
        url: `${url}/pop-list-1?fields=lifecycleStatus`,
      });
      expect(one.json()).toEqual({
        id: 'pop-list-1',
        href: `${url}/pop-list-1`,
        '@type': 'ProductOfferingPrice',
        lifecycleStatus: 'Launched',
      });
    });

    it('refuses filters on attributes it does not expose', async () => {
      const response = await app.inject({ method: 'GET', url: `${url}?revision=1` });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain('revision');
    });

    it('filters offerings on channel rules and bundle flag', async () => {
      await post(
        app,
        'productOffering',
        bodies.offering('po-list-selfcare-only', 'Self-care special', {
          productOfferingPrice: [{ id: 'pop-list-0' }],
          channelRules: { sellableOn: ['selfcare'], visibleOn: ['selfcare'], priceAlterations: [] },
        }),
      );
      const response = await app.inject({
        method: 'GET',
        url: `${base}/productOffering?channelRules.visibleOn=selfcare&channelRules.sellableOn.ne=webchat&isBundle=false`,
      });
      expect(response.json().map((offering: { id: string }) => offering.id)).toEqual([
        'po-list-selfcare-only',
      ]);
    });
  });

  describe('money and cross-field rules', () => {
    it('takes TMF money in, keeps minor units, and gives TMF money back', async () => {
      await post(app, 'productOfferingPrice', bodies.monthlyPrice('pop-money', 29.99));
      const stored = await ctx.feature.services.catalog.prices.get('pop-money');
      expect(stored.price?.taxIncludedAmount).toEqual({ amount: 2999, currency: 'GBP' });
      const read = await app.inject({
        method: 'GET',
        url: `${base}/productOfferingPrice/pop-money`,
      });
      expect(read.json().price.taxIncludedAmount).toEqual({ unit: 'GBP', value: 29.99 });

      const tooPrecise = await app.inject({
        method: 'POST',
        url: `${base}/productOfferingPrice`,
        headers: manager,
        payload: bodies.monthlyPrice('pop-money-2', 29.999),
      });
      expect(tooPrecise.statusCode).toBe(400);
      const patched = await app.inject({
        method: 'PATCH',
        url: `${base}/productOfferingPrice/pop-money`,
        headers: mergePatch,
        payload: JSON.stringify({ price: { taxIncludedAmount: { value: 24.5 } } }),
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().price).toEqual({
        taxIncludedAmount: { unit: 'GBP', value: 24.5 },
        taxRate: 20,
      });
    });

    it('re-validates the merged price: a one-time price cannot keep a recurring period', async () => {
      const inconsistent = await app.inject({
        method: 'PATCH',
        url: `${base}/productOfferingPrice/pop-money`,
        headers: mergePatch,
        payload: JSON.stringify({ priceType: 'oneTime' }),
      });
      expect(inconsistent.statusCode).toBe(400);
      expect(inconsistent.json().message).toContain('recurringChargePeriodType');
      const consistent = await app.inject({
        method: 'PATCH',
        url: `${base}/productOfferingPrice/pop-money`,
        headers: mergePatch,
        payload: JSON.stringify({ priceType: 'oneTime', recurringChargePeriodType: null }),
      });
      expect(consistent.statusCode).toBe(200);
      expect(consistent.json()).not.toHaveProperty('recurringChargePeriodType');
    });

    it('re-validates the merged offering: a bundle must list what it bundles', async () => {
      await post(
        app,
        'productOffering',
        bodies.offering('po-rules', 'Family Bundle', {
          productOfferingPrice: [{ id: 'pop-money' }],
        }),
      );
      const response = await app.inject({
        method: 'PATCH',
        url: `${base}/productOffering/po-rules`,
        headers: mergePatch,
        payload: JSON.stringify({ isBundle: true }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain('bundledProductOffering');
    });

    it('refuses references to missing resources with 422, naming the problem', async () => {
      const missingPrice = await app.inject({
        method: 'POST',
        url: `${base}/productOffering`,
        headers: manager,
        payload: bodies.offering('po-dangling', 'Dangling', {
          productOfferingPrice: [{ id: 'pop-nowhere' }],
        }),
      });
      expect(missingPrice.statusCode).toBe(422);
      expect(missingPrice.json().details.problems).toEqual([
        'offering po-dangling refers to unknown price pop-nowhere',
      ]);

      const missingSpec = await app.inject({
        method: 'PATCH',
        url: `${base}/productOffering/po-rules`,
        headers: mergePatch,
        payload: JSON.stringify({ productSpecification: { id: 'ps-nowhere' } }),
      });
      expect(missingSpec.statusCode).toBe(422);

      const promotion = await app.inject({
        method: 'POST',
        url: `${base}/promotion`,
        headers: manager,
        payload: {
          name: 'Ghost promotion',
          offeringIds: ['po-nowhere'],
          discount: { kind: 'percent', value: 10, appliesTo: 'recurring' },
          validFor: { startDateTime: '2026-06-01T00:00:00Z', endDateTime: '2026-09-01T00:00:00Z' },
        },
      });
      expect(promotion.statusCode).toBe(422);
      expect(
        (await app.inject({ method: 'GET', url: `${base}/productOffering/po-dangling` }))
          .statusCode,
      ).toBe(404);
    });

    it('refuses a price in a second currency', async () => {
      const response = await app.inject({
        method: 'POST',
        url: `${base}/productOfferingPrice`,
        headers: manager,
        payload: {
          ...bodies.monthlyPrice('pop-eur', 20),
          price: { taxIncludedAmount: { unit: 'EUR', value: 20 } },
        },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().message).toContain('several currencies');
    });

    it('refuses with 409 to delete what the catalog still refers to', async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: `${base}/productOfferingPrice/pop-money`,
        headers: manager,
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().details.problems).toEqual([
        'offering po-rules refers to unknown price pop-money',
      ]);
      expect(
        (await app.inject({ method: 'GET', url: `${base}/productOfferingPrice/pop-money` }))
          .statusCode,
      ).toBe(200);
    });

    it('keeps eligibility rules with query operators intact through storage', async () => {
      const rule = { segment: 'consumer', tenureMonths: { $gte: 6 }, region: { $in: ['GB'] } };
      const response = await app.inject({
        method: 'PATCH',
        url: `${base}/productOffering/po-rules`,
        headers: mergePatch,
        payload: JSON.stringify({ eligibility: rule }),
      });
      expect(response.statusCode).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: `${base}/productOffering/po-rules` })).json()
          .eligibility,
      ).toEqual(rule);
      const unsafe = await app.inject({
        method: 'PATCH',
        url: `${base}/productOffering/po-rules`,
        headers: mergePatch,
        payload: JSON.stringify({ eligibility: { $where: 'true' } }),
      });
      expect(unsafe.statusCode).toBe(400);
    });
  });
});
