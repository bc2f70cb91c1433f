import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/shared/errors';
import { signInSchema } from '../../domain/users/user-input';
import type { UserService } from '../../domain/users/user-service';
import type { TokenService } from '../../infra/auth/tokens';
import { retryAfterHeader } from './retry-after';
import type { StaffSignInLimiter } from './staff-sign-in-limiter';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

export const SIGN_IN_PATH = '/api/auth/sign-in';
/** A working day: staff sign in again each shift, and a leaked token does not outlive it. */
export const USER_TOKEN_TTL_SECONDS = 8 * 3600;

export interface SignInRouteDeps {
  users: UserService;
  tokens: TokenService;
  limiter: StaffSignInLimiter;
  ttlSeconds?: number;
}

/**
 * `POST /api/auth/sign-in` {username, password} → {token}; one generic 401 for every wrong
 * credential, and a 429 with Retry-After once a username or an address has guessed too often.
 */
export function registerSignInRoute(app: FastifyInstance, deps: SignInRouteDeps): void {
  const ttlSeconds = deps.ttlSeconds ?? USER_TOKEN_TTL_SECONDS;
  app.post(
    SIGN_IN_PATH,
    {
      ...documented({
        summary: 'Staff sign-in: a JWT for a username and password',
        tags: ['Authentication'],
        body: signInSchema,
        responses: {
          200: { description: 'Signed in', schema: z.looseObject({ token: z.string() }) },
          401: 'Wrong username or password',
          429: 'Too many attempts; Retry-After says when to try again',
        },
      }),
      onError: retryAfterHeader,
    },
    async (request, reply) => {
      const credentials = signInSchema.parse(request.body ?? {});
      await deps.limiter.admit(credentials.username, request.ip);
      const user = await deps.users.authenticate(credentials);
      if (!user) {
        request.log.info('sign-in refused');
        throw new AppError('UNAUTHENTICATED', 'The username or password is not correct');
      }
      await deps.limiter.succeeded(credentials.username, request.ip);
      const token = await deps.tokens.issue(
        { kind: 'user', id: user.id, roles: user.roles },
        ttlSeconds,
      );
      request.log.info({ userId: user.id }, 'user signed in');
      return reply.header('cache-control', 'no-store').send({
        token,
        expiresIn: ttlSeconds,
        user: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          roles: user.roles,
        },
      });
    },
  );
}
