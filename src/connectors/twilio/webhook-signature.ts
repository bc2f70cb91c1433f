import twilio from 'twilio';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../domain/shared/errors';
import type { PublicBaseUrl } from './public-base-url';

export type FormParams = Record<string, string | string[]>;

/** The parsed form body, or nothing: a JSON or empty body has no Twilio parameters to sign. */
export function formParamsOf(request: FastifyRequest): FormParams {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return body as FormParams;
}

/**
 * Refuses any request not signed by Twilio with our auth token over the public URL of this exact
 * path and query. The public URL, not the Host header, because a proxy in front changes the
 * latter and an attacker controls it.
 */
export function requireTwilioSignature(
  authToken: string,
  publicBaseUrl: PublicBaseUrl,
): preHandlerAsyncHookHandler {
  return async (request) => {
    const signature = request.headers['x-twilio-signature'];
    const valid =
      typeof signature === 'string' &&
      twilio.validateRequest(
        authToken,
        signature,
        publicBaseUrl.of(request.url),
        formParamsOf(request),
      );
    if (!valid) throw new AppError('FORBIDDEN', 'The request is not signed by Twilio');
  };
}
