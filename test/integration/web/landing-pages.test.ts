import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { startPortal } from './portal-harness';
import type { Portal } from './portal-harness';

/**
 * The server-rendered pages against the whole application on the demo catalog: web prices on the
 * landing page, the chat widget's mount, 404s, the strict CSP and compression.
 */
describe('portal pages', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => portal?.stop());

  const page = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${portal.url}${path}`, { headers, redirect: 'manual' });

  it('shows the Data Boost landing page at the web price, with the widget and both calls to action', async () => {
    const response = await page(`/offers/${catalogSeedIds.dataBoost}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('<h1 id="offer-heading">Data Boost</h1>');
    // The 5 GB default at £3 a month, and each size priced on the web.
    expect(body).toContain('£3.00 a month');
    expect(body).toContain('10 GB: <strong>£5.00 a month</strong>');
    expect(body).toContain('20 GB: <strong>£8.00 a month</strong>');
    expect(body).toContain(`<div id="chat-widget" data-offer-id="${catalogSeedIds.dataBoost}">`);
    expect(body).toContain('<script src="/assets/chat-widget.js" defer></script>');
    expect(body).toContain('Chat with us');
    expect(body).toContain(`href="/self-care?add=${catalogSeedIds.dataBoost}"`);
    // An anonymous visitor has no plan yet: the page says what stands in the way.
    expect(body).toContain('An add-on for our plans: sign in to add it to yours.');
  });

  it('prices the promotion for the signed-in customer and points out the cheaper self-care price', async () => {
    const token = await portal.customerToken(seededCustomerIds.stacy);
    const response = await page(`/offers/${catalogSeedIds.summerDataDouble}`, {
      cookie: `sa_session=${token}`,
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('£5.00 a month');
    expect(body).toContain('Even less in self-care: <strong>£4.00 a month</strong>');
    expect(body).toContain('Available for consumer customers.');
    // Signed in: no "Sign in" link in the header.
    expect(body).not.toContain('href="/sign-in"');
  });

  it('hands a campaign link token to the widget, and drops anything that is not one', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0LXN0YWN5LW1vcmVubyJ9.c2lnbmF0dXJl';
    const linked = await (
      await page(`/offers/${catalogSeedIds.summerDataDouble}?c=${token}&utm_source=sms`)
    ).text();
    expect(linked).toContain(`data-campaign-token="${token}"`);

    const forged = await page(
      `/offers/${catalogSeedIds.summerDataDouble}?c=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    expect(forged.status).toBe(200);
    const body = await forged.text();
    expect(body).not.toContain('data-campaign-token');
    expect(body).not.toContain('<script>alert(1)</script>');
  });

  it('answers 404 with a page for an unknown offer, a retired one and one not shown on the web', async () => {
    for (const id of [
      'po-does-not-exist',
      catalogSeedIds.legacy10,
      catalogSeedIds.business100,
      'not%20an%20id',
    ]) {
      const response = await page(`/offers/${id}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('This offer is not available');
    }
  });

  it('lists the web offers on the home page, with the chat widget', async () => {
    const response = await page('/');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(`href="/offers/${catalogSeedIds.unlimited30}"`);
    expect(body).toContain('Unlimited Talk &amp; Text 30 GB');
    expect(body).toContain('£18.00 a month');
    expect(body).toContain('<div id="chat-widget"></div>');
    // Not sold or not shown on the web: not listed.
    expect(body).not.toContain(catalogSeedIds.legacy10);
    expect(body).not.toContain(catalogSeedIds.business100);
  });

  it('sends every page under a strict CSP, and compressed when asked', async () => {
    const response = await page('/', { 'accept-encoding': 'gzip' });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    // fetch decompresses: the page arrives whole.
    expect(await response.text()).toContain('</html>');
    const body = await (await page('/sign-in')).text();
    expect(body).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);
  });

  it('serves the portal stylesheet and scripts with a validator', async () => {
    for (const asset of ['portal.css', 'sign-in.js', 'self-care.js']) {
      const response = await page(`/assets/${asset}`, { 'accept-encoding': 'gzip' });
      expect(response.status).toBe(200);
      const etag = response.headers.get('etag');
      expect(etag).toBeTruthy();
      const again = await page(`/assets/${asset}`, { 'if-none-match': etag! });
      expect(again.status).toBe(304);
    }
  });
});
