import { seededCustomerIds } from '../../../src/seed/customers';
import { ADMIN_KEY, startFullApp } from './full-app-harness';
import type { FullApp } from './full-app-harness';

type Item = Record<string, unknown>;

const catalog = '/tmf-api/productCatalogManagement/v4';
const paths = {
  cart: '/tmf-api/shoppingCart/v4/shoppingCart',
  quote: '/tmf-api/quoteManagement/v4/quote',
  order: '/tmf-api/productOrderingManagement/v4/productOrder',
  customer: '/tmf-api/customerManagement/v4/customer',
  interaction: '/tmf-api/partyInteraction/v4/partyInteraction',
};
const stacy = seededCustomerIds.stacy;

/** Everything TMF630 lets a reference carry, as a conformance client sends it. */
function fullRef(id: string, referredType: string, path: string): Item {
  return {
    id,
    href: `${path}/${id}`,
    name: `Ref to ${id}`,
    version: '1.0',
    '@referredType': referredType,
    '@type': `${referredType}Ref`,
    '@baseType': 'EntityRef',
    '@schemaLocation': 'https://example.org/schemas/EntityRef.schema.json',
  };
}

const lifecycle = ['id', 'href', 'name', '@type', 'lifecycleStatus', 'lastUpdate', 'version'];

/**
 * Every TMF list we serve, with what the v4 API makes mandatory on each item (id, href and the
 * resource's own mandatory fields) and what it says to default, so it is always there.
 * A filter each list takes, to send quoted.
 */
const tmfLists: Array<{ path: string; mandatory: string[]; quotedFilter: string }> = [
  {
    path: `${catalog}/productOffering`,
    mandatory: [...lifecycle, 'isBundle'],
    quotedFilter: 'lastUpdate="2026-12-03T10:10:39.225Z"',
  },
  {
    path: `${catalog}/productOfferingPrice`,
    mandatory: [...lifecycle, 'isBundle', 'priceType'],
    quotedFilter: 'lastUpdate.gte="2000-01-01T00:00:00.000Z"',
  },
  {
    path: `${catalog}/productSpecification`,
    mandatory: lifecycle,
    quotedFilter: 'lastUpdate.lt="2999-01-01T00:00:00.000Z"',
  },
  {
    path: `${catalog}/promotion`,
    mandatory: ['id', 'href', 'name', '@type', 'lastUpdate'],
    quotedFilter: 'lastUpdate.gt="2000-01-01T00:00:00.000Z"',
  },
  {
    path: paths.cart,
    mandatory: ['id', 'href', '@type', 'cartItem'],
    quotedFilter: `relatedParty.id="${stacy}"`,
  },
  {
    path: paths.quote,
    mandatory: ['id', 'href', '@type', 'state', 'quoteItem'],
    quotedFilter: `relatedParty.id="${stacy}"`,
  },
  {
    path: paths.order,
    mandatory: ['id', 'href', '@type', 'state', 'productOrderItem'],
    quotedFilter: `relatedParty.id="${stacy}"`,
  },
  {
    path: paths.customer,
    mandatory: ['id', 'href', '@type', 'name', 'engagedParty'],
    quotedFilter: 'lastUpdate.gt="2000-01-01T00:00:00.000Z"',
  },
  {
    path: paths.interaction,
    mandatory: ['id', 'href', '@type', 'interactionDate', 'relatedParty'],
    quotedFilter: `relatedParty.id="${stacy}"`,
  },
];

/** Sub-resources whose items the specs make mandatory attributes of, by list. */
const itemAttributes: Record<string, { list: string; mandatory: string[] }> = {
  [paths.cart]: { list: 'cartItem', mandatory: ['id', 'action', 'productOffering'] },
  [paths.quote]: { list: 'quoteItem', mandatory: ['id', 'action', 'state'] },
  [paths.order]: { list: 'productOrderItem', mandatory: ['id', 'action'] },
};

describe('TMF conformance over the whole application', () => {
  let app: FullApp;
  beforeAll(async () => {
    app = await startFullApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Item & Item[]; text: string }> {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Item & Item[], text };
  }

  /** The status, with the body beside it so a failure says why. */
  const expectStatus = (result: { status: number; text: string }, status: number) =>
    expect(`${result.status} ${result.text.slice(0, 400)}`).toMatch(new RegExp(`^${status} `));

  describe('TMF620 findings', () => {
    it('POST productOfferingPrice with only the mandatory name, isBundle and priceType', async () => {
      const created = await call('POST', `${catalog}/productOfferingPrice`, {
        name: 'Installation fee',
        isBundle: false,
        priceType: 'oneTime',
      });
      expectStatus(created, 201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        href: `${catalog}/productOfferingPrice/${String(created.body.id)}`,
        '@type': 'ProductOfferingPrice',
        name: 'Installation fee',
        isBundle: false,
        priceType: 'oneTime',
        // The defaults: a new price is in design, at version 1.0, stamped with its last update.
        lifecycleStatus: 'In design',
        version: '1.0',
        lastUpdate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const recurring = await call('POST', `${catalog}/productOfferingPrice`, {
        name: 'Line rental',
        isBundle: false,
        priceType: 'recurring',
      });
      expectStatus(recurring, 201);
      expect(recurring.body.recurringChargePeriodType).toBe('month');
    });

    it('an offering cannot be sold at a price that has no amount yet', async () => {
      const price = await call('POST', `${catalog}/productOfferingPrice`, {
        name: 'To be agreed',
        isBundle: false,
        priceType: 'oneTime',
      });
      const offering = await call('POST', `${catalog}/productOffering`, {
        name: 'Unpriced gadget',
        productOfferingPrice: [{ id: price.body.id }],
      });
      expect(offering.status).toBeGreaterThanOrEqual(400);
      expect(offering.status).toBeLessThan(500);
      expect(offering.text).toContain('no amount');
    });

    it('references take every standard ref field: id, href, name, version, @referredType, @type, @baseType, @schemaLocation', async () => {
      const created = await call('POST', `${catalog}/productOffering`, {
        name: 'Family data pack',
        isBundle: true,
        productSpecification: fullRef(
          'ps-data-boost',
          'ProductSpecification',
          `${catalog}/productSpecification`,
        ),
        productOfferingPrice: [
          fullRef('pop-data-boost-5gb', 'ProductOfferingPrice', `${catalog}/productOfferingPrice`),
        ],
        bundledProductOffering: [
          fullRef('po-data-boost', 'ProductOffering', `${catalog}/productOffering`),
        ],
        category: [fullRef('cat-add-ons', 'Category', `${catalog}/category`)],
      });
      expectStatus(created, 201);
      expect(created.body.productSpecification).toMatchObject({
        id: 'ps-data-boost',
        version: '1.0',
        '@referredType': 'ProductSpecification',
        '@baseType': 'EntityRef',
      });
      expect(created.body.category).toEqual([
        fullRef('cat-add-ons', 'Category', `${catalog}/category`),
      ]);

      const patched = await call('PATCH', `${catalog}/productOffering/${String(created.body.id)}`, {
        category: [fullRef('cat-family', 'Category', `${catalog}/category`)],
      });
      expectStatus(patched, 200);
    });

    it('TMF663, TMF648 and TMF622 references take the standard ref fields too', async () => {
      const cart = await call('POST', paths.cart, {
        relatedParty: [{ ...fullRef(stacy, 'Customer', paths.customer), role: 'customer' }],
        cartItem: [
          {
            productOffering: fullRef(
              'po-roam-europe-week',
              'ProductOffering',
              `${catalog}/productOffering`,
            ),
          },
        ],
      });
      expectStatus(cart, 201);
      const cartRef = fullRef(String(cart.body.id), 'ShoppingCart', paths.cart);
      expectStatus(await call('POST', paths.quote, { shoppingCart: cartRef }), 201);
      const order = await call(
        'POST',
        paths.order,
        { shoppingCart: cartRef, customerConsent: { given: true, method: 'verbal' } },
        { 'idempotency-key': 'conformance-order-0001' },
      );
      expect([200, 201]).toContain(order.status);
    });

    it('TMF683 and TMF629 references take the standard ref fields too', async () => {
      const interaction = await call('POST', paths.interaction, {
        description: 'Called about roaming',
        direction: 'inbound',
        channel: [
          {
            role: 'interactionChannel',
            channel: {
              ...fullRef('sms', 'Channel', '/channel'),
              id: 'sms',
              name: 'sms',
              '@referredType': 'Channel',
            },
          },
        ],
        relatedParty: [{ ...fullRef(stacy, 'Customer', paths.customer), role: 'customer' }],
      });
      expectStatus(interaction, 201);
      const customer = await call('PATCH', `${paths.customer}/${stacy}`, {
        engagedParty: { ...fullRef(stacy, 'Individual', '/party/individual') },
      });
      expectStatus(customer, 200);
    });
  });

  it('TMF622 hub: a subscription needs only its callback and reads back with id, href and query', async () => {
    const hub = '/tmf-api/productOrderingManagement/v4/hub';
    const registered = await call('POST', hub, {
      callback: 'http://127.0.0.1:9/listener',
      '@type': 'EventSubscriptionInput',
    });
    expectStatus(registered, 201);
    const read = await call('GET', `${hub}/${String(registered.body.id)}`);
    expectStatus(read, 200);
    expect(read.body).toEqual({
      id: registered.body.id,
      href: `${hub}/${String(registered.body.id)}`,
      '@type': 'EventSubscription',
      callback: 'http://127.0.0.1:9/listener',
      query: '',
    });
    expectStatus(await call('DELETE', `${hub}/${String(registered.body.id)}`), 204);
  });

  describe('every TMF list', () => {
    it.each(tmfLists)('$path accepts a quoted filter value', async ({ path, quotedFilter }) => {
      expectStatus(await call('GET', `${path}?${quotedFilter}`), 200);
    });

    it.each(tmfLists)(
      '$path: every item, seeded or created, carries the mandatory attributes',
      async ({ path, mandatory }) => {
        const listed = await call('GET', `${path}?limit=1000`);
        expectStatus(listed, 200);
        const items = listed.body;
        // The findings tests above created an item on every list the seed leaves empty.
        expect(items.length).toBeGreaterThan(0);
        const absent = (value: unknown) => value === undefined || value === null;
        const sub = itemAttributes[path];
        const missing = items.flatMap((item) => [
          ...mandatory
            .filter((name) => absent(item[name]))
            .map((name) => `${String(item.id)}: ${name}`),
          ...(sub
            ? ((item[sub.list] as Item[] | undefined) ?? []).flatMap((entry) =>
                sub.mandatory
                  .filter((name) => absent(entry[name]))
                  .map((name) => `${String(item.id)} ${sub.list}: ${name}`),
              )
            : []),
        ]);
        expect(missing).toEqual([]);
        for (const item of items) expect(item.href).toBe(`${path}/${String(item.id)}`);
      },
    );
  });
});
