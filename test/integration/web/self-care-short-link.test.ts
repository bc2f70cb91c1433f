import { selfCareLink } from '../../../src/assist/self-care-link';
import { countSmsSegments } from '../../../src/domain/campaigns/sms-segments';
import { ShortLinks } from '../../../src/infra/auth/short-links';
import { seededCustomerIds } from '../../../src/seed/customers';
import { startPortal } from './portal-harness';
import type { Portal } from './portal-harness';

/** The agent's self-care link: short enough for one SMS segment, opened once, within its life. */
describe('self-care short link', () => {
  let portal: Portal;
  let links: ShortLinks;

  beforeAll(async () => {
    portal = await startPortal();
    links = new ShortLinks(portal.runtime.redis, portal.runtime.config.REDIS_KEY_PREFIX);
  });
  afterAll(async () => portal?.stop());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${portal.url}${path}`, { headers, redirect: 'manual' });

  it('fits her SMS in one segment and opens her self-care once', async () => {
    const link = await selfCareLink(links, 'https://shop.example.co.uk', seededCustomerIds.stacy);
    expect(link).toMatch(/^https:\/\/shop\.example\.co\.uk\/s\/[A-Za-z0-9]{10}$/);
    const body = `Hi Stacy, your cart is ready in self-care: ${link} (it works once, for 30 minutes).`;
    expect(countSmsSegments(body).segments).toBe(1);

    const path = new URL(link).pathname;
    const opened = await get(path);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toMatch(/^\/self-care#session=[^&]+&expiresAt=/);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get('/self-care', { cookie })).status).toBe(200);

    const again = await get(path);
    expect(again.status).toBe(404);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('This link is not valid any more');
  });

  it('refuses an expired link and one nobody made', async () => {
    const link = await selfCareLink(links, portal.url, seededCustomerIds.stacy);
    const id = new URL(link).pathname.slice('/s/'.length);
    const key = `${portal.runtime.config.REDIS_KEY_PREFIX}short-link:${id}`;
    const ttl = await portal.runtime.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30 * 60);
    // Its half hour over: Redis forgets the id, as EXPIRE 0 does at once.
    await portal.runtime.redis.expire(key, 0);
    for (const path of [new URL(link).pathname, '/s/AAAAAAAAAA', '/s/short', '/s/..%2F..']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });
});
