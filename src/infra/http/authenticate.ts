import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/shared/principal';
import type { ApiKey } from '../auth/api-keys';
import { findApiKey } from '../auth/api-keys';
import type { TokenService } from '../auth/tokens';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/**
 * Resolves `Authorization: Bearer <secret or token>` to a principal on every request. Routes decide
 * what they need with `assertRole` / `assertCustomerAccess`, so an unknown caller is simply anonymous here.
 */
export function registerAuthentication(
  app: FastifyInstance,
  apiKeys: ApiKey[],
  tokens: TokenService,
): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    request.principal = await resolvePrincipal(request, apiKeys, tokens);
  });
}

async function resolvePrincipal(
  request: FastifyRequest,
  apiKeys: ApiKey[],
  tokens: TokenService,
): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const presented = match[1];
  // JWTs have three dot-separated parts; API key secrets are opaque.
  if (presented.split('.').length === 3) return tokens.verify(presented);
  return findApiKey(apiKeys, presented);
}
