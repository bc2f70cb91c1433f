import { seededCustomerIds } from '../../../src/seed/customers';
import { bearer, keys, startCustomersApi } from './api-harness';
import type { CustomersApi } from './api-harness';

const BASE = '/tmf-api/customerManagement/v4/customer';

const newCustomerBody = {
  name: 'Priya Shah',
  engagedParty: { '@referredType': 'Individual' },
  contactMedium: [
    { mediumType: 'mobile', preferred: true, characteristic: { phoneNumber: '07700 900555' } },
    { mediumType: 'email', characteristic: { emailAddress: 'priya.shah@example.com' } },
  ],
  characteristic: [
    { name: 'language', value: 'en-GB' },
    { name: 'timezone', value: 'Europe/London' },
    { name: 'region', value: 'GB' },
  ],
};

describe('TMF629 customer API', () => {
  let api: CustomersApi;

  beforeAll(async () => {
    api = await startCustomersApi();
  });

  afterAll(async () => {
    await api?.runtime.stop();
  });

  const inject: CustomersApi['inject'] = (options) => api.inject(options);

  describe('authentication and roles', () => {
    it('answers 401 to anonymous callers for reads and writes', async () => {
      for (const request of [
        { method: 'GET' as const, url: BASE },
        { method: 'GET' as const, url: `${BASE}/${seededCustomerIds.stacy}` },
        { method: 'POST' as const, url: BASE, payload: newCustomerBody },
        { method: 'DELETE' as const, url: `${BASE}/${seededCustomerIds.stacy}` },
      ]) {
        const response = await inject(request);
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({
          '@type': 'Error',
          code: 'UNAUTHENTICATED',
          status: '401',
        });
      }
      const forged = await inject({ method: 'GET', url: BASE, headers: bearer('not-a-key') });
      expect(forged.statusCode).toBe(401);
    });

    it('answers 403 to roles that have no business with customer data', async () => {
      for (const key of [keys.catalogManager, keys.campaignManager]) {
        const response = await inject({
          method: 'GET',
          url: `${BASE}/${seededCustomerIds.stacy}`,
          headers: bearer(key),
        });
        expect(response.statusCode).toBe(403);
        const write = await inject({
          method: 'POST',
          url: BASE,
          headers: bearer(key),
          payload: newCustomerBody,
        });
        expect(write.statusCode).toBe(403);
      }
    });

    it('lets Stacy read herself, and nobody else, and not list or change customers', async () => {
      const token = await api.customerToken(seededCustomerIds.stacy);
      const own = await inject({
        method: 'GET',
        url: `${BASE}/${seededCustomerIds.stacy}`,
        headers: bearer(token),
      });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ id: seededCustomerIds.stacy, name: 'Stacy Moreno' });

      const other = await inject({
        method: 'GET',
        url: `${BASE}/${seededCustomerIds.liam}`,
        headers: bearer(token),
      });
      expect(other.statusCode).toBe(403);
      const unknown = await inject({
        method: 'GET',
        url: `${BASE}/cust-does-not-exist`,
        headers: bearer(token),
      });
      expect(unknown.statusCode).toBe(403);
      const list = await inject({ method: 'GET', url: BASE, headers: bearer(token) });
      expect(list.statusCode).toBe(403);
      const patch = await inject({
        method: 'PATCH',
        url: `${BASE}/${seededCustomerIds.stacy}`,
        headers: bearer(token),
        payload: { status: 'closed' },
      });
      expect(patch.statusCode).toBe(403);
    });

    it('lets a supervisor read one customer but not change any', async () => {
      const read = await inject({
        method: 'GET',
        url: `${BASE}/${seededCustomerIds.liam}`,
        headers: bearer(keys.supervisor),
      });
      expect(read.statusCode).toBe(200);
      const write = await inject({
        method: 'POST',
        url: BASE,
        headers: bearer(keys.supervisor),
        payload: newCustomerBody,
      });
      expect(write.statusCode).toBe(403);
    });
  });

  describe('resource lifecycle', () => {
    it('creates, reads, patches and deletes a customer the TMF way', async () => {
      const created = await inject({
        method: 'POST',
        url: BASE,
        headers: bearer(keys.agent),
        payload: newCustomerBody,
      });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body).toMatchObject({
        '@type': 'Customer',
        name: 'Priya Shah',
        status: 'active',
        contactMedium: [
          { mediumType: 'mobile', characteristic: { phoneNumber: '+447700900555' } },
          { mediumType: 'email', characteristic: { emailAddress: 'priya.shah@example.com' } },
        ],
      });
      expect(body.href).toBe(`${BASE}/${body.id}`);
      expect(created.headers.location).toBe(body.href);
      expect(typeof body.lastUpdate).toBe('string');

      const fetched = await inject({
        method: 'GET',
        url: `${BASE}/${body.id}?fields=name,status`,
        headers: bearer(keys.agent),
      });
      expect(fetched.statusCode).toBe(200);
      expect(fetched.json()).toEqual({
        id: body.id,
        href: body.href,
        '@type': 'Customer',
        name: 'Priya Shah',
        status: 'active',
      });
      const etag = fetched.headers.etag as string;

      const patched = await inject({
        method: 'PATCH',
        url: `${BASE}/${body.id}`,
        headers: {
          ...bearer(keys.system),
          'content-type': 'application/merge-patch+json',
          'if-match': etag,
        },
        payload: JSON.stringify({
          status: 'inactive',
          marketingConsent: { smsMarketing: { status: 'opted-in', source: 'agent' } },
        }),
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        status: 'inactive',
        marketingConsent: { smsMarketing: { status: 'opted-in', source: 'agent' } },
      });

      const stale = await inject({
        method: 'PATCH',
        url: `${BASE}/${body.id}`,
        headers: { ...bearer(keys.system), 'if-match': etag },
        payload: { status: 'active' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');

      const deleted = await inject({
        method: 'DELETE',
        url: `${BASE}/${body.id}`,
        headers: bearer(keys.agent),
      });
      expect(deleted.statusCode).toBe(204);
      const gone = await inject({
        method: 'GET',
        url: `${BASE}/${body.id}`,
        headers: bearer(keys.agent),
      });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toMatchObject({ code: 'NOT_FOUND', status: '404' });
      const goneAgain = await inject({
        method: 'DELETE',
        url: `${BASE}/${body.id}`,
        headers: bearer(keys.agent),
      });
      expect(goneAgain.statusCode).toBe(404);
    });

    it('rejects unknown fields, bad phone numbers and illegal status moves', async () => {
      const unknownField = await inject({
        method: 'POST',
        url: BASE,
        headers: bearer(keys.agent),
        payload: { ...newCustomerBody, favouriteColour: 'teal' },
      });
      expect(unknownField.statusCode).toBe(400);
      expect(unknownField.json().code).toBe('VALIDATION_FAILED');

      const badPhone = await inject({
        method: 'POST',
        url: BASE,
        headers: bearer(keys.agent),
        payload: {
          ...newCustomerBody,
          contactMedium: [
            { mediumType: 'mobile', characteristic: { phoneNumber: 'call me maybe' } },
          ],
        },
      });
      expect(badPhone.statusCode).toBe(400);

      const readOnly = await inject({
        method: 'PATCH',
        url: `${BASE}/${seededCustomerIds.liam}`,
        headers: bearer(keys.agent),
        payload: { id: 'cust-new-id' },
      });
      expect(readOnly.statusCode).toBe(400);

      const backwards = await inject({
        method: 'PATCH',
        url: `${BASE}/${seededCustomerIds.liam}`,
        headers: bearer(keys.agent),
        payload: { status: 'initialized' },
      });
      expect(backwards.statusCode).toBe(409);
      expect(backwards.json().code).toBe('ILLEGAL_TRANSITION');

      const taken = await inject({
        method: 'POST',
        url: BASE,
        headers: bearer(keys.agent),
        payload: {
          ...newCustomerBody,
          contactMedium: [
            { mediumType: 'mobile', characteristic: { phoneNumber: '+447700900123' } },
          ],
        },
      });
      expect(taken.statusCode).toBe(409);
    });

    it('lists with filters, field selection and TMF counting headers', async () => {
      const business = await inject({
        method: 'GET',
        url: `${BASE}?segment=business`,
        headers: bearer(keys.agent),
      });
      expect(business.statusCode).toBe(200);
      expect(business.json().map((customer: { id: string }) => customer.id)).toEqual([
        seededCustomerIds.northwind,
      ]);

      const byPhone = await inject({
        method: 'GET',
        url: `${BASE}?contactMedium.characteristic.phoneNumber=${encodeURIComponent('07700 900123')}&fields=name`,
        headers: bearer(keys.system),
      });
      expect(byPhone.json()).toEqual([
        {
          id: seededCustomerIds.stacy,
          href: `${BASE}/${seededCustomerIds.stacy}`,
          '@type': 'Customer',
          name: 'Stacy Moreno',
        },
      ]);

      const page = await inject({
        method: 'GET',
        url: `${BASE}?offset=1&limit=1`,
        headers: bearer(keys.agent),
      });
      expect(page.headers['x-result-count']).toBe('1');
      expect(Number(page.headers['x-total-count'])).toBeGreaterThanOrEqual(3);

      const unknownFilter = await inject({
        method: 'GET',
        url: `${BASE}?consent=yes`,
        headers: bearer(keys.agent),
      });
      expect(unknownFilter.statusCode).toBe(400);
    });
  });
});
