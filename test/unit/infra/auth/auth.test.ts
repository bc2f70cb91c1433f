import type { FastifyInstance } from 'fastify';
import { assertCustomerAccess, assertRole } from '../../../../src/domain/shared/principal';
import { parseApiKeys } from '../../../../src/infra/auth/api-keys';
import { TokenService } from '../../../../src/infra/auth/tokens';
import { buildHttpApp } from '../../../../src/infra/http/app';
import { registerAuthentication } from '../../../../src/infra/http/authenticate';
import { createLogger } from '../../../../src/infra/logger';

const secret = 'unit-test-jwt-secret-0123456789abcdef';
const keys = parseApiKeys(
  'crm:system:crm-secret-0123456789,catalog-tool:catalog-manager:catalog-secret-0123456789',
);

async function buildApp(tokens: TokenService): Promise<FastifyInstance> {
  return buildHttpApp({
    logger: createLogger('silent'),
    bodyLimitBytes: 1024,
    readinessChecks: {},
    routes: (app) => {
      registerAuthentication(app, keys, tokens);
      app.post('/catalog', async (request) => {
        assertRole(request.principal, ['catalog-manager']);
        return { by: request.principal.id };
      });
      app.get('/customers/:id/cart', async (request) => {
        const { id } = request.params as { id: string };
        assertCustomerAccess(request.principal, id, ['agent', 'system']);
        return { customerId: id };
      });
    },
  });
}

describe('authentication and roles', () => {
  const tokens = new TokenService(secret);
  let app: FastifyInstance;
  beforeAll(async () => (app = await buildApp(tokens)));
  afterAll(async () => app.close());

  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

  it('answers 401 without credentials and with an unknown key', async () => {
    expect((await app.inject({ method: 'POST', url: '/catalog' })).statusCode).toBe(401);
    const unknown = await app.inject({
      method: 'POST',
      url: '/catalog',
      headers: bearer('not-a-real-key-000000'),
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 for a valid key with the wrong role, and 200 with the right one', async () => {
    const wrongRole = await app.inject({
      method: 'POST',
      url: '/catalog',
      headers: bearer('crm-secret-0123456789'),
    });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().code).toBe('FORBIDDEN');
    const allowed = await app.inject({
      method: 'POST',
      url: '/catalog',
      headers: bearer('catalog-secret-0123456789'),
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ by: 'catalog-tool' });
  });

  it('lets a customer reach her own data and nobody else’s', async () => {
    const stacy = await tokens.issue(
      { kind: 'customer', id: 'cust-stacy', roles: ['customer'], customerId: 'cust-stacy' },
      600,
    );
    expect(
      (await app.inject({ url: '/customers/cust-stacy/cart', headers: bearer(stacy) })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ url: '/customers/cust-other/cart', headers: bearer(stacy) })).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          url: '/customers/cust-other/cart',
          headers: bearer('crm-secret-0123456789'),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses forged, expired and foreign-secret tokens', async () => {
    const agent = await tokens.issue(
      { kind: 'user', id: 'agent-ana', roles: ['catalog-manager'] },
      600,
    );
    const [header, payload, signature] = agent.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        roles: ['admin'],
      }),
    ).toString('base64url');
    expect(await tokens.verify(`${header}.${forgedPayload}.${signature}`)).toBeUndefined();

    const expired = await tokens.issue(
      { kind: 'user', id: 'agent-ana', roles: ['catalog-manager'] },
      -10,
    );
    expect(await tokens.verify(expired)).toBeUndefined();

    const foreign = await new TokenService('another-deployment-secret-0123456789').issue(
      { kind: 'user', id: 'agent-ana', roles: ['catalog-manager'] },
      600,
    );
    expect(
      (await app.inject({ method: 'POST', url: '/catalog', headers: bearer(foreign) })).statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/catalog', headers: bearer(agent) })).statusCode,
    ).toBe(200);
  });
});
