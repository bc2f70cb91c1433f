import type { Queue } from 'bullmq';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { documented } from '../../infra/http/api-docs/route-doc';
import { maskPhone } from '../../infra/logger';
import type { Logger } from '../../infra/logger';
import { EMPTY_TWIML } from '../twilio/twiml';
import { formParamsOf } from '../twilio/webhook-signature';
import type { InboundWhatsappParser } from './inbound-whatsapp-payload';
import { whatsappStatusFields } from './inbound-whatsapp-payload';
import type { WhatsappInboundJob } from './whatsapp-turns';
import type { WhatsappMessageStore } from './whatsapp-message-store';
import type { WhatsappStatus } from './whatsapp-message-model';

export const INBOUND_WHATSAPP_PATH = '/webhooks/twilio/whatsapp';
export const WHATSAPP_STATUS_PATH = '/webhooks/twilio/whatsapp/status';

const MESSAGE_ID = /^wam_[0-9a-z]{1,40}$/;

export function whatsappStatusPathFor(messageId: string): string {
  return `${WHATSAPP_STATUS_PATH}?messageId=${encodeURIComponent(messageId)}`;
}

export interface WhatsappRouteDeps {
  accountSid: string;
  verifySignature: preHandlerAsyncHookHandler;
  parse: InboundWhatsappParser;
  store: WhatsappMessageStore;
  queue: Queue<WhatsappInboundJob>;
  logger: Logger;
}

/**
 * Twilio's webhooks for the WhatsApp sender: her messages (answered once stored and queued, never
 * after the bot's turn) and the status of ours (where a closed window shows as error 63016).
 */
export function registerWhatsappRoutes(app: FastifyInstance, deps: WhatsappRouteDeps): void {
  app.post(
    INBOUND_WHATSAPP_PATH,
    {
      ...documented({
        summary: 'Twilio incoming WhatsApp message webhook',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: deps.parse.schema,
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
      const message = deps.parse(formParamsOf(request));
      const { record, duplicate } = await deps.store.acceptInbound(message);
      if (!record.handledAt) {
        // The job id is the record's: a redelivered webhook re-adds nothing BullMQ still holds,
        // and the sweeper re-creates a job Redis lost.
        await deps.queue
          .add('whatsapp-inbound', { messageId: record._id }, { jobId: record._id })
          .catch((error: unknown) =>
            deps.logger.warn(
              { err: error, messageId: record._id },
              'whatsapp enqueue failed; the sweeper will queue it',
            ),
          );
      }
      request.log.info(
        {
          messageId: record._id,
          twilioSid: message.twilioSid,
          from: maskPhone(message.number),
          duplicate,
        },
        'inbound whatsapp accepted',
      );
      return reply.status(200).type('text/xml').send(EMPTY_TWIML);
    },
  );

  const statusFields = whatsappStatusFields(deps.accountSid);
  app.post<{ Querystring: { messageId?: string } }>(
    WHATSAPP_STATUS_PATH,
    {
      ...documented({
        summary: 'Twilio WhatsApp message status callback',
        tags: ['Twilio webhooks'],
        security: ['twilioSignature'],
        bodyContentType: 'application/x-www-form-urlencoded',
        body: statusFields,
        query: z.object({ messageId: z.string().optional() }),
        responses: { 200: 'Recorded', 403: 'The signature does not match' },
      }),
      preHandler: deps.verifySignature,
    },
    async (request, reply) => {
      const callback = statusFields.parse(formParamsOf(request));
      const messageId = request.query.messageId;
      if (messageId && MESSAGE_ID.test(messageId)) {
        const status: WhatsappStatus =
          callback.MessageStatus === 'sending' ? 'queued' : callback.MessageStatus;
        await deps.store.applyStatus(messageId, status, callback.ErrorCode);
        if (status === 'failed' || status === 'undelivered') {
          deps.logger.warn(
            { messageId, twilioSid: callback.MessageSid, errorCode: callback.ErrorCode },
            'whatsapp message not delivered',
          );
        }
      }
      return reply.status(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
}
