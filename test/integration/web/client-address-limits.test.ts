import { createApplicationFeatures } from '../../../src/features';
import { ConfigError } from '../../../src/infra/config';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestRuntime, testConfig } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

interface ErrorBody {
  '@type': string;
  code: string;
  status: string;
  message: string;
  details?: { retryAfterSeconds?: number };
}

/** The whole application on the demo data, as `npm start` runs it, with `env` on top. */
async function startApp(env: Record<string, string> = {}): Promise<TestRuntime> {
  const features = createApplicationFeatures();
  return startTestRuntime({
    env,
    configure: async (context) => {
      await features.configure(context);
      await seedDemoData({
        catalog: features.catalog.services.catalog,
        customerModels: features.customers.services.models,
      });
    },
    configureApp: (context) => features.configureApp(context),
  });
}

/** A number no one has, in a range (all but its last three digits) of its own. */
let nextRange = 100;
const freshNumber = () => `+447701${nextRange++}456`;

/**
 * Per-address limits hold against a forged X-Forwarded-For: only TRUSTED_PROXIES are believed,
 * and with none configured the address is the connection's own. Code requests are limited per
 * number and per range of numbers as well (SMS pumping walks a premium range, a new number and a
 * new address each time), and new chat visitors per address.
 */
describe('client address limits', () => {
  let direct: TestRuntime;
  let proxied: TestRuntime;

  beforeAll(async () => {
    direct = await startApp();
    proxied = await startApp({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' });
  });
  afterAll(async () => {
    await direct?.stop();
    await proxied?.stop();
  });

  const post = (node: TestRuntime, path: string, body: unknown, forwardedFor?: string) =>
    fetch(`${node.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: JSON.stringify(body),
    });

  const askCode = (node: TestRuntime, phone: string, forwardedFor?: string) =>
    post(node, '/api/auth/customer/code', { phone }, forwardedFor);

  const limited = async (response: Response, message: string): Promise<void> => {
    expect(response.status).toBe(429);
    const body = (await response.json()) as ErrorBody;
    expect(body).toMatchObject({ '@type': 'Error', code: 'RATE_LIMITED', status: '429', message });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(body.details?.retryAfterSeconds).toBe(retryAfter);
  };
  const tooManyCodes = 'Too many codes were asked for. Try again later.';

  it('keeps an address limited however many addresses it claims to forward for', async () => {
    for (let request = 0; request < 20; request++) {
      expect((await askCode(direct, freshNumber())).status).toBe(202);
    }
    await limited(await askCode(direct, freshNumber()), tooManyCodes);
    // As in the report: six more, each claiming a new forwarded address, all refused.
    for (let request = 0; request < 6; request++) {
      await limited(
        await askCode(direct, freshNumber(), `198.51.100.${request + 1}`),
        tooManyCodes,
      );
    }
  });

  it('limits new chat visitors per address, forged forwarding or not', async () => {
    const create = (forwardedFor?: string) =>
      fetch(`${direct.url}/api/chat/visitors`, {
        method: 'POST',
        ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
      });
    const statuses: number[] = [];
    for (let request = 0; request < 60; request++) statuses.push((await create()).status);
    expect(new Set(statuses)).toEqual(new Set([201]));
    const tooManyChats = 'Too many new chats from this connection. Try again later.';
    await limited(await create(), tooManyChats);
    await limited(await create('198.51.100.77'), tooManyChats);
  });

  it("honours a configured proxy's forwarded address, and only the address it saw", async () => {
    const client = '203.0.113.5';
    for (let request = 0; request < 20; request++) {
      expect((await askCode(proxied, freshNumber(), client)).status).toBe(202);
    }
    await limited(await askCode(proxied, freshNumber(), client), tooManyCodes);
    // The client's own X-Forwarded-For comes first; the proxy adds the address it saw.
    await limited(await askCode(proxied, freshNumber(), `198.51.100.9, ${client}`), tooManyCodes);
    // Through a chain of trusted proxies the client is still the first address none of them is.
    await limited(await askCode(proxied, freshNumber(), `${client}, 10.1.2.3`), tooManyCodes);
    // Someone else behind the same proxy is not held up by her.
    expect((await askCode(proxied, freshNumber(), '203.0.113.6')).status).toBe(202);
  });

  it('limits codes to one number, in any format, from any address', async () => {
    const formats = ['+447700900456', '07700 900456', '+44 7700 900456', '00447700900456'];
    const statuses: number[] = [];
    for (const [index, phone] of formats.entries()) {
      statuses.push((await askCode(proxied, phone, `203.0.113.${20 + index}`)).status);
    }
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses[3]).toBe(429);
  });

  it('limits codes to one range of numbers, a new number and address each time', async () => {
    const range = '+4490990001';
    for (let request = 0; request < 10; request++) {
      const number = `${range}${String(request).padStart(2, '0')}`;
      expect((await askCode(proxied, number, `203.0.113.${100 + request}`)).status).toBe(202);
    }
    await limited(await askCode(proxied, `${range}99`, '203.0.113.200'), tooManyCodes);
    // The next range along is another range.
    expect((await askCode(proxied, '+449099001200', '203.0.113.201')).status).toBe(202);
  });

  it('reads TRUSTED_PROXIES as addresses and ranges, and refuses anything else', () => {
    expect(testConfig().TRUSTED_PROXIES).toEqual([]);
    expect(testConfig({ TRUSTED_PROXIES: '10.0.0.5, 192.168.0.0/16,::1' }).TRUSTED_PROXIES).toEqual(
      ['10.0.0.5', '192.168.0.0/16', '::1'],
    );
    for (const wrong of ['everyone', '10.0.0.0/33', '10.0.0.1/8/2', 'true']) {
      expect(() => testConfig({ TRUSTED_PROXIES: wrong })).toThrow(ConfigError);
    }
    expect(() => testConfig({ TRUSTED_PROXIES: 'true' })).toThrow(
      /TRUSTED_PROXIES: must be comma-separated IP addresses or CIDR ranges/,
    );
  });
});
