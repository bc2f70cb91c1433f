import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { SmsMessageStore } from '../../domain/messaging';
import type { StatusCallbackParser } from './status-callback-payload';
import { EMPTY_TWIML } from './twiml';
import { formParamsOf } from './webhook-signature';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

export const STATUS_CALLBACK_PATH = '/webhooks/twilio/status';

const MESSAGE_ID_PATTERN = /^sms_[0-9a-z]{1,40}$/;

/** The StatusCallback URL of one message: our id rides along, so callbacks that beat the API response still land. */
export function statusCallbackPathFor(messageId: string): string {
  return `${STATUS_CALLBACK_PATH}?messageId=${encodeURIComponent(messageId)}`;
}

export interface StatusCallbackRouteDeps {
  verifySignature: preHandlerAsyncHookHandler;
  parse: StatusCallbackParser;
  store: SmsMessageStore;
}

/** Twilio's message status callback; statuses only move forward (see SmsMessageStore.advanceStatus). */
export function registerStatusCallbackRoute(
  app: FastifyInstance,
  deps: StatusCallbackRouteDeps,
): void {
  app.post<{ Querystring: { messageId?: string } }>(
    STATUS_CALLBACK_PATH,
    {
      ...documented({
        summary: 'Twilio message status callback',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: deps.parse.schema ?? z.record(z.string(), z.string()),
        query: z.object({ messageId: z.string().optional() }),
        responses: { 204: 'Recorded', 200: 'Recorded', 403: 'The signature does not match' },
      }),
      preHandler: deps.verifySignature,
    },
    async (request, reply) => {
      const callback = deps.parse(formParamsOf(request));
      const messageId = request.query.messageId;
      if (callback.status) {
        const target =
          messageId && MESSAGE_ID_PATTERN.test(messageId)
            ? { messageId, twilioSid: callback.twilioSid }
            : { twilioSid: callback.twilioSid };
        const changed = await deps.store.advanceStatus(target, {
          status: callback.status,
          ...(callback.errorCode !== undefined ? { errorCode: callback.errorCode } : {}),
        });
        request.log.debug(
          { messageId, twilioSid: callback.twilioSid, status: callback.status, changed },
          'sms status callback',
        );
      } else {
        request.log.debug({ status: callback.reportedStatus }, 'untracked sms status ignored');
      }
      return reply.status(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}
