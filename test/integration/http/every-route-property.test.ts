import fc from 'fast-check';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { ADMIN_KEY, startFullApp } from './full-app-harness';
import type { FullApp, RegisteredRoute } from './full-app-harness';
import { tmf630Problems } from './tmf630-body';

/**
 * Every route the application registers, sent generated invalid bodies, query strings and path
 * parameters by an admin (so role checks pass and the input reaches the validation behind them):
 * never a 5xx, and every error in the TMF630 body. Pages meant for a browser may answer a person
 * with an HTML page instead.
 */
const RUNS_PER_ROUTE = Number(process.env.PROPERTY_RUNS ?? 15);

/** The development stand-ins speak Twilio's protocol, not ours: their errors follow Twilio's. */
const speaksAnotherProtocol = (url: string) => url.startsWith('/dev/twilio');
const isApi = (url: string) =>
  url.startsWith('/api/') || url.startsWith('/tmf-api/') || url.startsWith('/webhooks/');

/** Real ids, so a body or query reaches the checks behind "does it exist". */
const knownIds = [
  ...Object.values(catalogSeedIds),
  ...Object.values(seededCustomerIds),
  'pop-data-boost-5gb',
  'ps-data-boost',
  'cat-add-ons',
];

const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '%',
    '%zz',
    '%00',
    '%2F',
    'null',
    '[]',
    '{}',
    '__proto__',
    'constructor',
  ),
  fc.string({ minLength: 90, maxLength: 140 }),
);

const pathParameter = fc.oneof(
  fc.constantFrom(...knownIds),
  oddText.map((text) => (/^%|^\.\.$/.test(text) ? text : encodeURIComponent(text))),
);

const queryKey = fc.oneof(
  fc.constantFrom(
    'fields',
    'limit',
    'offset',
    'sort',
    'cursor',
    'status',
    'id',
    'name',
    'lastUpdate',
    'lastUpdate.gt',
    'price.gte',
    'relatedParty.id',
    'channel',
    'kind',
    'lifecycleStatus',
    'isBundle',
    'externalId',
    'sampleSize',
    'state',
    'constructor',
    '__proto__',
    'a[b]',
  ),
  fc.string({ maxLength: 12 }),
);
const queryString = fc
  .array(fc.tuple(queryKey, fc.oneof(oddText, fc.integer().map(String), fc.constant('-1'))), {
    maxLength: 4,
  })
  .map((pairs) => {
    const search = new URLSearchParams();
    for (const [key, value] of pairs) search.append(key, value);
    return search.toString();
  });

interface GeneratedBody {
  contentType: string | undefined;
  payload: string | undefined;
}
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'name',
      'id',
      'audience',
      'template',
      'offeringId',
      'details',
      'productOffering',
      'productOfferingPrice',
      'price',
      'cartItem',
      'quoteItem',
      'productOrderItem',
      'relatedParty',
      'phone',
      'code',
      'visitorId',
      'username',
      'password',
      'callback',
      'text',
      'state',
      'lifecycleStatus',
      'validFor',
      '@type',
      'version',
    ),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 5 },
  ),
);
const body: fc.Arbitrary<GeneratedBody> = fc.oneof(
  jsonBody.map((value) => ({ contentType: 'application/json', payload: JSON.stringify(value) })),
  jsonBody.map((value) => ({
    contentType: 'application/merge-patch+json',
    payload: JSON.stringify(value),
  })),
  fc.string({ maxLength: 40 }).map((text) => ({ contentType: 'application/json', payload: text })),
  fc
    .dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 })
    .map((form) => ({
      contentType: 'application/x-www-form-urlencoded',
      payload: new URLSearchParams(form).toString(),
    })),
  fc.constantFrom<GeneratedBody>(
    { contentType: 'text/plain', payload: 'hello' },
    { contentType: 'application/xml', payload: '<a/>' },
    { contentType: undefined, payload: undefined },
    { contentType: 'application/json', payload: '' },
    { contentType: 'application/json; charset=latin1', payload: '{}' },
  ),
);

describe('every route, generated invalid input', () => {
  let app: FullApp;
  beforeAll(async () => {
    app = await startFullApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('registers the routes it walks', () => {
    expect(app.routes.length).toBeGreaterThan(100);
  });

  // jest needs the table before the app starts: the list is read from the app inside the test.
  const families = ['GET', 'POST', 'PATCH', 'DELETE'] as const;
  it.each(families)(
    '%s routes never answer 5xx or a body other than TMF630',
    async (method) => {
      const routes = app.routes.filter(
        (route) => route.method === method && !speaksAnotherProtocol(route.url),
      );
      expect(routes.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const route of routes) {
        await fc
          .assert(
            fc.asyncProperty(
              fc.array(pathParameter, { minLength: 3, maxLength: 3 }),
              queryString,
              body,
              async (parameters, query, generated) => {
                const problem = await probe(route, parameters, query, generated).catch(
                  (error: unknown) =>
                    `${route.method} ${route.url}: the request failed: ${String(error)}`,
                );
                if (problem) failures.push(problem);
                return problem === undefined;
              },
            ),
            { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
          )
          .catch(() => undefined);
      }
      expect(failures).toEqual([]);
    },
    600_000,
  );

  async function probe(
    route: RegisteredRoute,
    parameters: string[],
    query: string,
    generated: GeneratedBody,
  ): Promise<string | undefined> {
    let index = 0;
    const path = route.url.replace(/:[A-Za-z]+/g, () => parameters[index++ % parameters.length]!);
    const url = `${app.url}${path}${query ? `?${query}` : ''}`;
    const sendsBody = route.method !== 'GET' && generated.payload !== undefined;
    const response = await fetch(url, {
      method: route.method,
      redirect: 'manual',
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(sendsBody && generated.contentType ? { 'content-type': generated.contentType } : {}),
      },
      ...(sendsBody ? { body: generated.payload } : {}),
    });
    const text = await response.text();
    const described = `${route.method} ${route.url} as ${path}?${query} ${generated.contentType} ${generated.payload?.slice(0, 120)}`;
    if (response.status >= 500) return `${described} -> ${response.status} ${text.slice(0, 200)}`;
    if (response.status < 400) return undefined;
    const contentType = response.headers.get('content-type');
    if (!isApi(route.url) && contentType?.startsWith('text/html')) return undefined;
    const problems = tmf630Problems(response.status, contentType, text);
    return problems.length
      ? `${described} -> ${response.status} ${problems.join(', ')}`
      : undefined;
  }
});
