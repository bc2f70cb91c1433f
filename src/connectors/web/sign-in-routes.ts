import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/shared/errors';
import { normalisePhone } from '../../domain/shared/phone';
import type { TokenService } from '../../infra/auth/tokens';
import { maskPhone } from '../../infra/logger';
import type { SignInThrottle } from './sign-in-throttle';
import { retryAfterHeader } from '../auth/retry-after';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import type { WebServices } from './web-services';
import { documented } from '../../infra/http/api-docs/route-doc';

export const customerSignInPaths = {
  code: '/api/auth/customer/code',
  verify: '/api/auth/customer/verify',
  signOut: '/api/auth/customer/sign-out',
} as const;

const phoneSchema = z.string().trim().min(3).max(32);
const visitorIdSchema = z
  .string()
  .max(128)
  .regex(/^vis_[A-Za-z0-9_-]+$/, 'must be a visitor id');

const codeRequestSchema = z.strictObject({
  phone: phoneSchema,
  /** The chat visitor of this browser, so what she started in chat follows her once signed in. */
  visitorId: visitorIdSchema.optional(),
});

const verifySchema = z.strictObject({
  phone: phoneSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6 digits of the code'),
  visitorId: visitorIdSchema,
});

export interface SignInOptions {
  sessionTtlSeconds: number;
  secureCookie: boolean;
}

/**
 * A chat visitor of this browser who can still be linked, or a new web visitor for this sign-in.
 * Someone else's visitor id cannot be guessed (80 random bits), and only web visitors qualify, so
 * an SMS or voice visitor is never taken over from the portal.
 */
async function signInVisitor(services: WebServices, offered: string | undefined): Promise<string> {
  if (offered) {
    try {
      const visitor = await services.identities().getVisitor(offered);
      if (visitor.channel === 'webchat' && !visitor.linkedCustomerId) return visitor._id;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
    }
  }
  const party = await services.identities().resolve('webchat', `portal-sign-in:${randomUUID()}`);
  if (!party.visitorId) throw new AppError('CONFLICT', 'A visitor could not be created; retry');
  return party.visitorId;
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

/**
 * Customer sign-in by one-time SMS code. The code request answers the same whether or not the
 * number is a customer's (IdentityService sends nothing to unknown numbers); verification links
 * the visitor (moving her chat and cart) and issues a customer token, also set as the HttpOnly
 * `sa_session` cookie that page loads are recognised by.
 */
export function registerCustomerSignInRoutes(
  app: FastifyInstance,
  services: WebServices,
  dependencies: { tokens: TokenService; throttle: SignInThrottle; options: SignInOptions },
): void {
  const { tokens, throttle, options } = dependencies;

  app.post(
    customerSignInPaths.code,
    {
      ...documented({
        summary: 'Send a customer a sign-in code by SMS',
        tags: ['Authentication'],
        body: codeRequestSchema,
        responses: {
          202: 'Sent, if the number belongs to a customer',
          204: 'Sent, if the number belongs to a customer',
          429: 'Too many requests; Retry-After says when',
        },
      }),
      onError: retryAfterHeader,
    },
    async (request, reply) => {
      const body = codeRequestSchema.parse(request.body ?? {});
      const phone = normalisePhone(body.phone);
      await throttle.admitCodeRequest(phone, request.ip);
      const visitorId = await signInVisitor(services, body.visitorId);
      const { expiresAt } = await services.identities().requestSmsCode(visitorId, phone);
      request.log.info({ visitorId, phone: maskPhone(phone) }, 'sign-in code requested');
      return reply.status(202).send({ expiresAt: expiresAt.toISOString(), visitorId });
    },
  );

  app.post(
    customerSignInPaths.verify,
    {
      ...documented({
        summary: 'Exchange a correct code for a customer token',
        tags: ['Authentication'],
        body: verifySchema,
        responses: {
          200: {
            description: 'Signed in; a session cookie is set too',
            schema: z.looseObject({ token: z.string() }),
          },
          400: 'Wrong, expired or used code',
          429: 'Too many attempts; Retry-After says when',
        },
      }),
      onError: retryAfterHeader,
    },
    async (request, reply) => {
      const body = verifySchema.parse(request.body ?? {});
      const link = await services.identities().verifySmsCode(body.visitorId, body.phone, body.code);
      const token = await tokens.issue(
        { kind: 'customer', id: link.customerId, roles: ['customer'], customerId: link.customerId },
        options.sessionTtlSeconds,
      );
      const expiresAt = new Date(services.clock.now().getTime() + options.sessionTtlSeconds * 1000);
      request.log.info(
        { customerId: link.customerId, visitorId: link.visitorId },
        'customer signed in',
      );
      return reply
        .header(
          'set-cookie',
          sessionCookie(token, {
            maxAgeSeconds: options.sessionTtlSeconds,
            secure: options.secureCookie,
          }),
        )
        .header('cache-control', 'no-store')
        .send({ token, customerId: link.customerId, expiresAt: expiresAt.toISOString() });
    },
  );

  app.post(
    customerSignInPaths.signOut,
    documented({
      summary: 'Sign the portal customer out',
      tags: ['Authentication'],
      noBody: true,
      security: ['sessionCookie'],
      responses: { 204: 'Signed out', 303: 'Signed out; back to the sign-in page (form posts)' },
    }),
    async (request, reply: FastifyReply) => {
      reply.header('set-cookie', clearedSessionCookie(options.secureCookie));
      // A plain form post (no script) lands back on the sign-in page; a script gets 204.
      if (wantsHtml(request)) return reply.redirect('/sign-in', 303);
      return reply.status(204).send();
    },
  );
}
