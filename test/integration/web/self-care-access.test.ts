import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { agentKey, startPortal } from './portal-harness';
import type { Portal } from './portal-harness';

interface Configuration {
  offered: boolean;
  caveats: string[];
  price?: { headline: string; savings: string[] };
  characteristics: Array<{
    name: string;
    options: Array<{ value: string; label: string; price?: string }>;
  }>;
}

/** Self-care is hers alone: the page, the self-care JSON glue and the cart behind it. */
describe('self-care access', () => {
  let portal: Portal;
  let stacy: string;
  let liam: string;

  beforeAll(async () => {
    portal = await startPortal();
    stacy = await portal.customerToken(seededCustomerIds.stacy);
    liam = await portal.customerToken(seededCustomerIds.liam);
  });
  afterAll(async () => portal?.stop());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${portal.url}${path}`, { headers, redirect: 'manual' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('exchanges a signed link an agent texted for her session, and nothing else', async () => {
    const opened = await get(`/self-care?t=${encodeURIComponent(stacy)}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toMatch(/^\/self-care#session=[^&]+&expiresAt=/);
    expect(opened.headers.get('set-cookie')).toMatch(/^sa_session=[^;]+; Path=\/; HttpOnly/);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const page = await get('/self-care', { cookie });
    expect(page.status).toBe(200);

    for (const forged of ['forged.token.value', `${stacy.slice(0, -4)}AAAA`]) {
      const refused = await get(`/self-care?t=${encodeURIComponent(forged)}`);
      expect(refused.status).toBe(303);
      expect(refused.headers.get('location')).toBe('/sign-in?next=%2Fself-care');
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
  });

  it('sends a visitor without a session to sign in, and back to what she asked for', async () => {
    for (const cookie of [undefined, 'sa_session=forged.token.value', 'sa_session=']) {
      const response = await get(
        `/self-care?add=${catalogSeedIds.dataBoost}`,
        cookie ? { cookie } : {},
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(
        `/sign-in?next=${encodeURIComponent(`/self-care?add=${catalogSeedIds.dataBoost}`)}`,
      );
    }
    // A customer token sent as a bearer header is not a page session (pages read the cookie).
    expect((await get('/self-care', bearer(stacy))).status).toBe(303);
  });

  it('renders her page with the offer to add, her name escaped', async () => {
    const response = await get(`/self-care?add=${catalogSeedIds.dataBoost}`, {
      cookie: `sa_session=${liam}`,
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('Hello, Liam O&#39;Connor');
    expect(body).toContain(`data-add-offering="${catalogSeedIds.dataBoost}"`);
    expect(body).toContain('Data Boost');
    expect(body).toContain('Data size: 10');
  });

  it('refuses the self-care API without a token, and to staff', async () => {
    const path = `/api/self-care/offerings/${catalogSeedIds.dataBoost}`;
    expect((await get(path)).status).toBe(401);
    expect((await get(path, bearer('forged.jwt.token'))).status).toBe(401);
    expect((await get(path, bearer(agentKey))).status).toBe(403);
  });

  it('gives her the choices of an offering at self-care prices', async () => {
    const response = await get(
      `/api/self-care/offerings/${catalogSeedIds.dataBoost}`,
      bearer(stacy),
    );
    expect(response.status).toBe(200);
    const boost = (await response.json()) as Configuration;
    expect(boost.offered).toBe(true);
    const dataSize = boost.characteristics.find((entry) => entry.name === 'dataSize');
    expect(dataSize?.options).toEqual([
      { value: '5', label: '5 GB', isDefault: true, price: '£3.00 a month' },
      { value: '10', label: '10 GB', isDefault: false, price: '£5.00 a month' },
      { value: '20', label: '20 GB', isDefault: false, price: '£8.00 a month' },
    ]);
    const startDate = boost.characteristics.find((entry) => entry.name === 'startDate');
    expect(startDate?.options.map((option) => option.label)).toEqual([
      'Immediately',
      'Next billing cycle',
    ]);

    const summer = (await (
      await get(`/api/self-care/offerings/${catalogSeedIds.summerDataDouble}`, bearer(stacy))
    ).json()) as Configuration;
    expect(summer.price?.headline).toBe('£4.00 a month');
    expect(summer.price?.savings).toEqual(['Self-care exclusive 20% off: you save £1.00']);

    const business = (await (
      await get(`/api/self-care/offerings/${catalogSeedIds.business100}`, bearer(stacy))
    ).json()) as Configuration;
    expect(business.offered).toBe(false);
    expect(business.caveats).toEqual(
      expect.arrayContaining([
        'You can order it with one of our advisers.',
        'Only available for business customers.',
      ]),
    );

    expect((await get('/api/self-care/offerings/po-nothing', bearer(stacy))).status).toBe(404);
  });

  it('keeps one customer out of another customer’s cart', async () => {
    const created = await fetch(`${portal.url}/tmf-api/shoppingCart/v4/shoppingCart`, {
      method: 'POST',
      headers: { ...bearer(stacy), 'content-type': 'application/json', 'x-channel': 'selfcare' },
      body: JSON.stringify({
        cartItem: [
          {
            productOffering: { id: catalogSeedIds.dataBoost },
            product: { productCharacteristic: [{ name: 'dataSize', value: 20 }] },
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const cart = (await created.json()) as { id: string; cartVersion: number };

    const cartPath = `/tmf-api/shoppingCart/v4/shoppingCart/${cart.id}`;
    expect((await get(cartPath, bearer(liam))).status).toBe(403);
    const hisList = (await (
      await get('/tmf-api/shoppingCart/v4/shoppingCart', bearer(liam))
    ).json()) as Array<{ id: string }>;
    expect(hisList.map((entry) => entry.id)).not.toContain(cart.id);
    const patched = await fetch(`${portal.url}${cartPath}`, {
      method: 'PATCH',
      headers: { ...bearer(liam), 'content-type': 'application/json' },
      body: JSON.stringify({ cartItem: [] }),
    });
    expect(patched.status).toBe(403);
    const ordered = await fetch(`${portal.url}/tmf-api/productOrderingManagement/v4/productOrder`, {
      method: 'POST',
      headers: { ...bearer(liam), 'content-type': 'application/json' },
      body: JSON.stringify({ shoppingCart: { id: cart.id } }),
    });
    expect(ordered.status).toBe(403);
    // Hers is untouched.
    expect((await get(cartPath, bearer(stacy))).status).toBe(200);
  });
});
