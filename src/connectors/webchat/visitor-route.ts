import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IdentityService } from '../../domain/customers/identity-service';
import { AppError } from '../../domain/shared/errors';
import type { AddressLimiter } from '../auth/address-limiter';
import { retryAfterHeader } from '../auth/retry-after';
import type { VisitorTokens } from './visitor-tokens';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

export interface VisitorResponse {
  visitorToken: string;
  visitorId: string;
}

/** New visitors per client address: a browser keeps its one; a script minting thousands is not. */
export const visitorCreationLimit = { max: 60, windowSeconds: 10 * 60 } as const;

/**
 * `POST /api/chat/visitors`: a new anonymous visitor and the signed token her browser keeps. No
 * body and no authentication: anyone who opens the portal may chat before saying who she is, but
 * only so many visitors come from one address (each is a record, and a fresh sign-in budget).
 */
export function registerVisitorRoute(
  app: FastifyInstance,
  dependencies: {
    identities: () => IdentityService;
    visitorTokens: VisitorTokens;
    limiter: AddressLimiter;
  },
): void {
  app.post(
    '/api/chat/visitors',
    {
      ...documented({
        summary: 'A new web-chat visitor and her token',
        tags: ['Web chat'],
        noBody: true,
        responses: {
          201: {
            description: 'The visitor',
            schema: z.looseObject({ visitorId: z.string(), token: z.string() }),
          },
          429: 'Too many new visitors from this address; Retry-After says when',
        },
      }),
      onError: retryAfterHeader,
    },
    async (request, reply) => {
      await dependencies.limiter.admit(request.ip);
      // The handle is the browser's only identity: random, and never shown to anyone.
      const handle = `web-${randomBytes(16).toString('base64url')}`;
      const party = await dependencies.identities().resolve('webchat', handle);
      if (!party.visitorId) throw new AppError('CONFLICT', 'A new visitor could not be recorded');
      const visitorToken = await dependencies.visitorTokens.issue({
        visitorId: party.visitorId,
        handle,
      });
      const body: VisitorResponse = { visitorToken, visitorId: party.visitorId };
      return reply.status(201).header('cache-control', 'no-store').send(body);
    },
  );
}
