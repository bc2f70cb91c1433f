import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formParamsOf } from '../webhook-signature';
import { renderOutboxPage } from './outbox-page';
import type { TwilioStandIn } from './twilio-stand-in';
import { documented } from '../../../infra/http/api-docs/route-doc';

const phone = z
  .string()
  .trim()
  .regex(/^(\+[1-9]\d{1,14}|\d{3,8})$/, 'must be E.164, e.g. +447700900123');

const inboundInjection = z.object({
  from: phone,
  to: z.preprocess((value) => (value === '' ? undefined : value), phone.optional()),
  body: z.string().max(1600),
  mediaUrls: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(10)
    .optional(),
});

const failureInjection = z.object({
  count: z.coerce.number().int().min(1).max(100),
  status: z.coerce
    .number()
    .pipe(
      z.union([z.literal(400), z.literal(401), z.literal(429), z.literal(500), z.literal(503)]),
    ),
  code: z.coerce.number().int().optional(),
});

/** Twilio's create-message form as the stand-in reads it (parseCreateMessageRequest). */
const createMessageForm = z.object({
  To: z.string(),
  From: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
  Body: z.string().optional(),
  StatusCallback: z.string().optional(),
  /** WhatsApp: a Content API message (buttons, a list, an approved template) and its values. */
  ContentSid: z.string().optional(),
  ContentVariables: z.string().optional(),
});

/**
 * Mounts the stand-in under `basePath` (`/dev/twilio`): Twilio's REST path for creating messages,
 * and the development controls (outbox JSON, inbound injection, failure injection, a page).
 */
export function registerStandInRoutes(
  app: FastifyInstance,
  standIn: TwilioStandIn,
  basePath: string,
  ownNumber: string,
): void {
  app.post<{ Params: { accountSid: string } }>(
    `${basePath}/2010-04-01/Accounts/:accountSid/Messages.json`,
    documented({
      summary: "Twilio stand-in: send a message (Twilio's REST shape)",
      tags: ['Development stand-ins'],
      security: ['basic'],
      params: z.object({ accountSid: z.string() }),
      bodyContentType: 'application/x-www-form-urlencoded',
      body: createMessageForm,
      responses: { 201: { description: 'Queued', schema: z.looseObject({ sid: z.string() }) } },
    }),
    async (request, reply) => {
      const result = standIn.createMessage(
        request.headers.authorization,
        request.params.accountSid,
        formParamsOf(request),
      );
      // Callers in this same process (the outbound worker) must not pin a kept-alive connection
      // that would hold the server's shutdown for its keep-alive timeout.
      return reply
        .status(result.status)
        .type('application/json')
        .header('connection', 'close')
        .send(result.body);
    },
  );

  app.get(
    `${basePath}/messages`,
    documented({
      summary: 'Twilio stand-in: the outbox',
      tags: ['Development stand-ins'],
      responses: {
        200: {
          description: 'Messages sent',
          schema: z.object({ messages: z.array(z.looseObject({})) }),
        },
      },
    }),
    async () => ({ messages: standIn.messages() }),
  );

  app.post(
    `${basePath}/inbound`,
    documented({
      summary: 'Twilio stand-in: deliver an inbound SMS to the service',
      tags: ['Development stand-ins'],
      body: inboundInjection,
      responses: {
        200: { description: 'Delivered', schema: z.looseObject({}) },
        303: 'Delivered (form posts)',
      },
    }),
    async (request, reply) => {
      const injection = inboundInjection.parse(request.body);
      const delivery = await standIn.injectInbound(injection);
      // The page's form expects to land back on the page; scripts and tests want the outcome.
      if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        return reply.redirect(basePath, 303);
      }
      return reply.status(201).send({
        messageSid: delivery.messageSid,
        webhookStatus: delivery.webhookStatus,
      });
    },
  );

  app.post(
    `${basePath}/failures`,
    documented({
      summary: 'Twilio stand-in: fail the next sends',
      tags: ['Development stand-ins'],
      body: failureInjection,
      responses: { 204: 'Armed' },
    }),
    async (request, reply) => {
      const { count, status, code } = failureInjection.parse(request.body);
      standIn.failNext(count, { status, ...(code !== undefined ? { code } : {}) });
      return reply.status(204).send();
    },
  );

  app.get(
    basePath,
    documented({
      summary: 'Twilio stand-in: the outbox page',
      tags: ['Development stand-ins'],
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    }),
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        )
        .send(
          renderOutboxPage({
            outbox: standIn.messages(),
            inbound: standIn.everythingReceived(),
            ownNumber,
            basePath,
          }),
        ),
  );
}
