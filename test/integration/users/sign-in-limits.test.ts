import { defaultStaffSignInLimits } from '../../../src/connectors/auth/staff-sign-in-limiter';
import type { StaffSignInLimits } from '../../../src/connectors/auth/staff-sign-in-limiter';
import { createUsersFeature } from '../../../src/features/users';
import type { UsersFeature } from '../../../src/features/users';
import { seedDemoUsers } from '../../../src/seed/users';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

const password = 'test-only-Pa55word-limits';

/**
 * The default policies with waits long enough that a loaded machine answers the next request
 * while the lock still holds (a second here is less than six parallel password checks can take).
 */
const limits: StaffSignInLimits = {
  perUsername: { ...defaultStaffSignInLimits.perUsername, baseDelayMs: 4000 },
  perAddress: { ...defaultStaffSignInLimits.perAddress, baseDelayMs: 60_000 },
};

interface ErrorBody {
  '@type': string;
  code: string;
  status: string;
  message: string;
  details?: { retryAfterSeconds?: number };
}

/**
 * Password guessing on `POST /api/auth/sign-in`: limited per username and per address, with a
 * growing wait, in Redis, so two app nodes share one count. The nodes trust the test as their
 * proxy, so each test speaks from addresses of its own (X-Forwarded-For) and no count spills over.
 */
describe('staff sign-in: guessing limits', () => {
  let first: TestRuntime;
  let second: TestRuntime;

  beforeAll(async () => {
    const env = { TRUSTED_PROXIES: '127.0.0.1' };
    const usersOfFirst: UsersFeature = createUsersFeature({ signInLimits: limits });
    first = await startTestRuntime({
      env,
      configure: async (context) => {
        await usersOfFirst.configure(context);
        await seedDemoUsers({ users: usersOfFirst.services.users }, password);
      },
      configureApp: (context) => usersOfFirst.configureApp(context),
    });
    const usersOfSecond = createUsersFeature({ signInLimits: limits });
    second = await startTestRuntime({
      env,
      mongoUri: first.config.MONGODB_URI!,
      configure: (context) => usersOfSecond.configure(context),
      configureApp: (context) => usersOfSecond.configureApp(context),
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  const signIn = (node: TestRuntime, from: string, username: string, secret: string) =>
    fetch(`${node.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ username, password: secret }),
    });

  const limited = async (response: Response): Promise<number> => {
    expect(response.status).toBe(429);
    const body = (await response.json()) as ErrorBody;
    expect(body).toMatchObject({ '@type': 'Error', code: 'RATE_LIMITED', status: '429' });
    expect(body.message).toBe('Too many sign-in attempts. Wait a moment before trying again.');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(body.details?.retryAfterSeconds).toBe(retryAfter);
    return retryAfter;
  };

  const statusesOf = (responses: Response[]) => responses.map((response) => response.status);

  it('stops 30 quick wrong passwords for one user after five, and the right one too', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        signIn(first, '203.0.113.10', 'agent.alex', `wrong-guess-${index}`),
      ),
    );
    const statuses = statusesOf(guesses);
    expect(statuses.filter((status) => status === 401)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(24);
    await limited(guesses.find((response) => response.status === 429)!);

    // The right password during the lock-out, even from another address, is refused as well.
    const retryAfter = await limited(await signIn(first, '198.51.100.20', 'Agent.Alex', password));

    // Once the wait is over the right password signs in, and the count starts afresh.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    expect((await signIn(first, '203.0.113.10', 'agent.alex', password)).status).toBe(200);
    const afterwards: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      afterwards.push((await signIn(first, '203.0.113.10', 'agent.alex', 'wrong-again')).status);
    }
    expect(afterwards).toEqual([401, 401, 401, 401, 401]);
  });

  it('waits longer after each further wrong password', async () => {
    const from = '203.0.113.30';
    for (let attempt = 0; attempt < 6; attempt++) {
      expect((await signIn(first, from, 'campaigns.cam', 'wrong')).status).toBe(401);
    }
    const firstWait = await limited(await signIn(first, from, 'campaigns.cam', 'wrong'));
    await new Promise((resolve) => setTimeout(resolve, firstWait * 1000 + 100));
    expect((await signIn(first, from, 'campaigns.cam', 'wrong')).status).toBe(401);
    const secondWait = await limited(await signIn(first, from, 'campaigns.cam', 'wrong'));
    expect(secondWait).toBeGreaterThan(firstWait);
  });

  it('limits one address guessing at many usernames', async () => {
    const from = '203.0.113.40';
    const statuses: number[] = [];
    for (let index = 0; index < 22; index++) {
      statuses.push((await signIn(first, from, `nobody.${index}`, 'spray-guess')).status);
    }
    expect(statuses.slice(0, 21).every((status) => status === 401)).toBe(true);
    await limited(await signIn(first, from, 'super.sam', password));
    // Super Sam herself, from her own desk, is not locked out by someone else's spraying.
    expect((await signIn(first, '198.51.100.41', 'super.sam', password)).status).toBe(200);
  });

  it('shares the count between app nodes', async () => {
    const from = '203.0.113.50';
    for (let attempt = 0; attempt < 6; attempt++) {
      const node = attempt % 2 === 0 ? first : second;
      expect((await signIn(node, from, 'catalog.cat', 'wrong')).status).toBe(401);
    }
    await limited(await signIn(second, from, 'catalog.cat', password));
    await limited(await signIn(first, from, 'catalog.cat', password));
  });

  it('does not count malformed requests as guesses, and says what is wrong', async () => {
    const response = await fetch(`${first.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.60' },
      body: JSON.stringify({ username: 'agent.alex' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body).toMatchObject({ '@type': 'Error', code: 'VALIDATION_FAILED' });
  });
});
