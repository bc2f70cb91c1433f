import type { FastifyRequest } from 'fastify';
import type { TokenService } from '../../infra/auth/tokens';
import { readCookie, sessionCookieName } from './session-cookie';

/** The customer a page request comes from, by her session cookie; undefined for anyone else. */
export async function sessionCustomerId(
  request: FastifyRequest,
  tokens: TokenService,
): Promise<string | undefined> {
  const token = readCookie(request.headers.cookie, sessionCookieName);
  if (!token) return undefined;
  const principal = await tokens.verify(token);
  if (principal?.kind !== 'customer' || !principal.roles.includes('customer')) return undefined;
  return principal.customerId;
}
