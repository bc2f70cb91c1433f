import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../domain/shared/errors';

/**
 * A route's `onError` hook: a RATE_LIMITED refusal that knows when to come back says so in the
 * standard `Retry-After` header too, for clients (and proxies) that never read the body.
 */
export async function retryAfterHeader(
  _request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): Promise<void> {
  if (!isAppError(error) || error.code !== 'RATE_LIMITED') return;
  const seconds = error.details?.retryAfterSeconds;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) {
    reply.header('retry-after', String(Math.ceil(seconds)));
  }
}
