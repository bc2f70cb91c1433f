import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { maskPhone } from '../../infra/logger';
import type { InboundSmsIntake } from './inbound-sms-intake';
import type { InboundSmsPayloadParser } from './inbound-sms-payload';
import { EMPTY_TWIML } from './twiml';
import { formParamsOf } from './webhook-signature';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

export const INBOUND_SMS_PATH = '/webhooks/twilio/sms';

export interface InboundSmsRouteDeps {
  verifySignature: preHandlerAsyncHookHandler;
  parse: InboundSmsPayloadParser;
  intake: InboundSmsIntake;
}

/**
 * Twilio's incoming-message webhook. It answers as soon as the message is durably stored and
 * queued, never after the conversation turn: Twilio gives up after 15 s and would retry.
 */
export function registerInboundSmsRoute(app: FastifyInstance, deps: InboundSmsRouteDeps): void {
  app.post(
    INBOUND_SMS_PATH,
    {
      ...documented({
        summary: 'Twilio incoming SMS webhook',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: deps.parse.schema ?? z.record(z.string(), z.string()),
        responses: {
          200: {
            description: 'Accepted (empty TwiML)',
            contentType: 'text/xml',
            schema: z.string(),
          },
          403: 'The signature does not match',
        },
      }),
      preHandler: deps.verifySignature,
    },
    async (request, reply) => {
      const payload = deps.parse(formParamsOf(request));
      const { outcome, messageId } = await deps.intake.accept(payload);
      request.log.info(
        { messageId, twilioSid: payload.twilioSid, from: maskPhone(payload.from), outcome },
        'inbound sms accepted',
      );
      return reply.status(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}
