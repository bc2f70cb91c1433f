import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { startPortal } from './portal-harness';
import type { Portal } from './portal-harness';

interface TmfCart {
  id: string;
  cartItem: Array<{ productOffering: { id: string } }>;
}

/**
 * Sign-in by one-time SMS code through the real Twilio stand-in: the code is read from its outbox
 * as the customer would read her phone. Every test uses its own number or visitor, so the
 * per-number limit of one test does not spill into another.
 */
describe('customer sign-in by SMS code', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => portal?.stop());

  const post = (path: string, body: unknown) =>
    fetch(`${portal.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
    });

  const codesSoFar = async (phone: string) =>
    (await portal.messagesTo(phone)).map((body) => /\b(\d{6})\b/.exec(body)?.[1] ?? '');

  it('texts a code to Stacy, signs her in with it, and opens her self-care page', async () => {
    const requested = await post('/api/auth/customer/code', { phone: '07700 900123' });
    expect(requested.status).toBe(202);
    const { visitorId, expiresAt } = (await requested.json()) as {
      visitorId: string;
      expiresAt: string;
    };
    expect(visitorId).toMatch(/^vis_/);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());

    const code = await portal.codeSentTo(stacyMobile);
    const verified = await post('/api/auth/customer/verify', {
      phone: stacyMobile,
      code,
      visitorId,
    });
    expect(verified.status).toBe(200);
    const session = (await verified.json()) as { token: string; customerId: string };
    expect(session.customerId).toBe(seededCustomerIds.stacy);
    const cookie = verified.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sa_session=[\w.-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3600$/);

    // The token reaches her own data through the TMF APIs...
    const own = await fetch(
      `${portal.url}/tmf-api/customerManagement/v4/customer/${seededCustomerIds.stacy}`,
      { headers: { authorization: `Bearer ${session.token}` } },
    );
    expect(own.status).toBe(200);
    // ...and the cookie opens her self-care page.
    const page = await fetch(`${portal.url}/self-care`, {
      headers: { cookie: cookie.split(';')[0]! },
      redirect: 'manual',
    });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Hello, Stacy Moreno');
    expect(body).toContain('Unlimited Talk &amp; Text 30 GB');
    expect(body).toContain('Data allowance: 30 GB');
  });

  it('answers an unknown number exactly as a known one, and texts nothing to it', async () => {
    const stranger = '+447700900777';
    const response = await post('/api/auth/customer/code', { phone: stranger });
    expect(response.status).toBe(202);
    expect(Object.keys((await response.json()) as object).sort()).toEqual([
      'expiresAt',
      'visitorId',
    ]);
    // Stacy's code of the first test went through the same queue; nothing for the stranger.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await portal.messagesTo(stranger)).toEqual([]);
  });

  it('refuses a wrong code, saying how many attempts are left', async () => {
    const liam = '+353851234567';
    const requested = await post('/api/auth/customer/code', { phone: liam });
    const { visitorId } = (await requested.json()) as { visitorId: string };
    const code = await portal.codeSentTo(liam);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await post('/api/auth/customer/verify', {
      phone: liam,
      code: wrong,
      visitorId,
    });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { details: { attemptsLeft: number } };
    expect(body.details.attemptsLeft).toBe(4);
    expect(refused.headers.get('set-cookie')).toBeNull();
  });

  it('limits how many codes one number can be sent', async () => {
    const phone = '+447700900888';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push((await post('/api/auth/customer/code', { phone })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await post('/api/auth/customer/code', { phone });
    const body = (await limited.json()) as { code: string; details: { retryAfterSeconds: number } };
    expect(body.code).toBe('RATE_LIMITED');
    expect(body.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('validates what it is sent', async () => {
    expect((await post('/api/auth/customer/code', { phone: 'not a number' })).status).toBe(400);
    expect((await post('/api/auth/customer/code', { phone: stacyMobile, extra: 1 })).status).toBe(
      400,
    );
    expect(
      (
        await post('/api/auth/customer/verify', {
          phone: stacyMobile,
          code: '12345',
          visitorId: 'vis_x',
        })
      ).status,
    ).toBe(400);
  });

  it('keeps the cart a chat visitor started once she signs in as that visitor', async () => {
    const identities = portal.features.customers.services.identities;
    const carts = portal.features.commerce.services.carts;
    const visitor = await identities.resolve('webchat', 'web-visitor-journey-handle');
    const started = await carts.cartFor({ visitorId: visitor.visitorId! }, 'webchat');
    await carts.addItem(
      started.cart._id,
      { offeringId: catalogSeedIds.unlimitedMax, action: 'add', quantity: 1, characteristics: {} },
      { channel: 'webchat' },
    );

    // Liam has no cart yet: after signing in, the visitor's cart is his.
    const liam = '+353851234567';
    // Read before asking: the new code may arrive before the request's answer does.
    const earlierCodes = new Set(await codesSoFar(liam));
    const requested = await post('/api/auth/customer/code', {
      phone: liam,
      visitorId: visitor.visitorId,
    });
    expect(requested.status).toBe(202);
    const { visitorId } = (await requested.json()) as { visitorId: string };
    expect(visitorId).toBe(visitor.visitorId);
    const code = await portal.codeSentTo(liam, earlierCodes);
    const verified = await post('/api/auth/customer/verify', { phone: liam, code, visitorId });
    expect(verified.status).toBe(200);
    const { token } = (await verified.json()) as { token: string };

    const listed = await fetch(`${portal.url}/tmf-api/shoppingCart/v4/shoppingCart`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const [cart] = (await listed.json()) as TmfCart[];
    expect(cart?.cartItem.map((item) => item.productOffering.id)).toEqual([
      catalogSeedIds.unlimitedMax,
    ]);
  });

  it('signs out by clearing the cookie, back to the sign-in page for a form post', async () => {
    const response = await fetch(`${portal.url}/api/auth/customer/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in');
    expect(response.headers.get('set-cookie')).toContain('sa_session=; Path=/; HttpOnly');
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0');
  });
});
