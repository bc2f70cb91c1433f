import { createUsersFeature } from '../../../src/features/users';
import type { UsersFeature } from '../../../src/features/users';
import { TokenService } from '../../../src/infra/auth/tokens';
import { registerUserModel } from '../../../src/domain/users/user-model';
import { seedDemoUsers } from '../../../src/seed/users';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

const password = 'test-only-Pa55word-users';

describe('staff users: password sign-in', () => {
  let runtime: TestRuntime;
  let users: UsersFeature;

  beforeAll(async () => {
    users = createUsersFeature();
    runtime = await startTestRuntime({
      configure: async (context) => {
        await users.configure(context);
        await seedDemoUsers({ users: users.services.users }, password);
      },
      configureApp: (context) => users.configureApp(context),
    });
  });
  afterAll(async () => runtime?.stop());

  const signIn = (body: unknown) =>
    fetch(`${runtime.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers a short-lived user token carrying the user’s roles', async () => {
    const response = await signIn({ username: 'Super.Sam', password });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; expiresIn: number };
    expect(body.expiresIn).toBe(8 * 3600);
    const principal = await new TokenService(runtime.config.JWT_SECRET).verify(body.token);
    expect(principal).toMatchObject({ kind: 'user', roles: ['supervisor', 'agent'] });
  });

  it('gives one generic 401 for a wrong password and for an unknown user', async () => {
    const wrong = await signIn({ username: 'agent.alex', password: 'not-the-password' });
    const unknown = await signIn({ username: 'nobody.here', password });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [a, b] = (await Promise.all([wrong.json(), unknown.json()])) as Array<{
      message: string;
    }>;
    expect(a!.message).toBe(b!.message);
  });

  it('stores salted scrypt hashes, never the password, and seeds idempotently', async () => {
    const stored = await registerUserModel(runtime.mongo.connection).find().lean();
    expect(stored.map((user) => user.username).sort()).toEqual([
      'agent.alex',
      'campaigns.cam',
      'catalog.cat',
      'super.sam',
    ]);
    const hashes = stored.map((user) => user.passwordHash);
    expect(hashes.every((hash) => hash.startsWith('scrypt$') && !hash.includes(password))).toBe(
      true,
    );
    expect(new Set(hashes).size).toBe(4);
    expect(stored.find((user) => user.username === 'agent.alex')).toMatchObject({
      queues: ['sales', 'support', 'voice'],
      maxConcurrent: 3,
    });
    const again = await seedDemoUsers({ users: users.services.users }, password);
    expect(again.created).toEqual([]);
  });

  it('refuses a deactivated user like a wrong password', async () => {
    await registerUserModel(runtime.mongo.connection).updateOne(
      { username: 'catalog.cat' },
      { $set: { active: false } },
    );
    expect((await signIn({ username: 'catalog.cat', password })).status).toBe(401);
  });
});
