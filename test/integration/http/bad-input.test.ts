import { seededCustomerIds } from '../../../src/seed/customers';
import { ADMIN_KEY, startFullApp } from './full-app-harness';
import type { FullApp } from './full-app-harness';
import { tmf630Problems } from './tmf630-body';
import type { Tmf630Body } from './tmf630-body';

/**
 * Bad input to the whole application, as an outside caller sends it: each answer is a 4xx in the
 * TMF630 body naming what is wrong, never a 500 or the framework's own body.
 */
describe('bad input to the whole application', () => {
  let app: FullApp;
  beforeAll(async () => {
    app = await startFullApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function send(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Tmf630Body; headers: Headers }> {
    const response = await fetch(`${app.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body }),
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
    });
    const text = await response.text();
    expect(tmf630Problems(response.status, response.headers.get('content-type'), text)).toEqual([]);
    return {
      status: response.status,
      body: JSON.parse(text) as Tmf630Body,
      headers: response.headers,
    };
  }

  const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const interaction = (details: string) =>
    `{"description":"Called about roaming","direction":"inbound",` +
    `"channel":[{"channel":{"name":"sms"}}],"relatedParty":[{"id":"${seededCustomerIds.stacy}"}],` +
    `"details":${details}}`;

  describe('JSON nested thousands deep', () => {
    const deeplyNested: Array<[string, string, string]> = [
      [
        'a campaign',
        '/api/campaigns',
        `{"name":"Deep","offeringId":"po-data-boost","template":"Hi {link}","audience":${nestedObject(5000)}}`,
      ],
      [
        'an audience preview',
        '/api/campaigns/audience-preview',
        `{"audience":{"$and":${nestedArray(5000)}}}`,
      ],
      [
        'TMF683 details',
        '/tmf-api/partyInteraction/v4/partyInteraction',
        interaction(nestedObject(5000)),
      ],
    ];

    it.each(deeplyNested)(
      'refuses %s with a 400 naming the depth limit',
      async (_name, path, body) => {
        const answer = await send('POST', path, body);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('more than 32 levels deep'),
          details: { maxDepth: 32 },
        });
      },
    );

    it('still accepts ordinary nesting, with brackets inside strings not counted', async () => {
      const details = `{"note":"${'[{'.repeat(100)}","steps":${nestedArray(10)}}`;
      const answer = await fetch(`${app.url}/tmf-api/partyInteraction/v4/partyInteraction`, {
        method: 'POST',
        body: interaction(details),
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(201);
    });

    it('bounds merge-patch bodies the same way', async () => {
      const answer = await send(
        'PATCH',
        '/tmf-api/productCatalogManagement/v4/productOffering/po-data-boost',
        `{"description":"x","extra":${nestedArray(1000)}}`,
        { 'content-type': 'application/merge-patch+json' },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual({ maxDepth: 32 });
    });
  });

  describe('forged paging cursors on TMF683', () => {
    it.each([
      ['a position past the last date', 'WzkwMDcxOTkyNTQ3NDA5OTEsICJ4Il0'],
      ['garbage', 'not-a-cursor!!'],
      ['JSON of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
      ['an empty id', Buffer.from('[1,""]').toString('base64url')],
    ])('refuses %s with a 400', async (_name, cursor) => {
      const answer = await send(
        'GET',
        `/tmf-api/partyInteraction/v4/partyInteraction?cursor=${cursor}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.message).toBe('The cursor is not one this API issued');
    });
  });

  describe("the framework's own refusals", () => {
    it('answers an overlong path parameter with 414', async () => {
      const answer = await send(
        'GET',
        `/tmf-api/customerManagement/v4/customer/${'a'.repeat(200)}`,
      );
      expect(answer.status).toBe(414);
      expect(answer.body.code).toBe('URI_TOO_LONG');
      expect(answer.body.message).not.toContain('aaaa');
    });

    it('answers a broken percent-encoding with 400', async () => {
      const answer = await send('GET', '/tmf-api/customerManagement/v4/customer/%zz');
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain('percent-encoded');
    });

    it('answers malformed and empty JSON with 400', async () => {
      expect(
        (await send('POST', '/tmf-api/customerManagement/v4/customer', '{"name":')).status,
      ).toBe(400);
      expect((await send('POST', '/tmf-api/customerManagement/v4/customer', '')).status).toBe(400);
      expect(
        (await send('POST', '/tmf-api/customerManagement/v4/customer', '{"__proto__":{"x":1}}'))
          .status,
      ).toBe(400);
    });

    it('answers a body of an unsupported type with 415', async () => {
      const answer = await send('POST', '/tmf-api/customerManagement/v4/customer', 'name=x', {
        'content-type': 'application/xml',
      });
      expect(answer.status).toBe(415);
      expect(answer.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers a body over the limit with 413', async () => {
      const answer = await send(
        'POST',
        '/tmf-api/customerManagement/v4/customer',
        JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      );
      expect(answer.status).toBe(413);
    });

    it('answers a known path with the wrong method with 405 and Allow', async () => {
      const answer = await send('PUT', '/tmf-api/customerManagement/v4/customer/anyone');
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
      expect(answer.body.code).toBe('METHOD_NOT_ALLOWED');
    });

    it('answers an unknown path with 404', async () => {
      const answer = await send('GET', '/tmf-api/nothing/here');
      expect(answer.status).toBe(404);
    });

    it('refuses filters and sorts on members every object inherits', async () => {
      const base = '/tmf-api/productCatalogManagement/v4/productOffering';
      expect((await send('GET', `${base}?sort=__proto__`)).status).toBe(400);
      expect((await send('GET', `${base}?constructor=x`)).status).toBe(400);
      expect((await send('GET', `${base}?name.constructor=x`)).status).toBe(400);
    });
  });
});
