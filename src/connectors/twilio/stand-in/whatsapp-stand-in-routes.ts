import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { documented } from '../../../infra/http/api-docs/route-doc';
import { createContentBody } from './whatsapp-content';
import type { WhatsappStandIn } from './whatsapp-stand-in';

const phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +447700900123');

const whatsappInjection = z.object({
  from: phone,
  body: z.string().max(4096),
  // An empty field of the page's form means no button was tapped.
  buttonPayload: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(1).max(256).optional(),
  ),
  buttonText: z.string().min(1).max(256).optional(),
  profileName: z.string().min(1).max(100).optional(),
});

const windowControl = z.object({
  number: phone,
  /** When she last wrote, in hours before now: 25 closes a 24-hour window. */
  hoursAgo: z
    .number()
    .min(0)
    .max(24 * 365),
});

/**
 * The stand-in's WhatsApp parts under `basePath` (`/dev/twilio`): the Content API at its REST path
 * (`/content/v1/Content`), and development controls: her message or button tap, and her window.
 */
export function registerWhatsappStandInRoutes(
  app: FastifyInstance,
  whatsapp: WhatsappStandIn,
  basePath: string,
): void {
  app.post(
    `${basePath}/content/v1/Content`,
    documented({
      summary: "Twilio stand-in: create rich content (the Content API's shape)",
      tags: ['Development stand-ins'],
      security: ['basic'],
      body: createContentBody,
      responses: { 201: { description: 'Created', schema: z.looseObject({ sid: z.string() }) } },
    }),
    async (request, reply) => {
      const result = whatsapp.createContent(request.headers.authorization, request.body);
      return reply.status(result.status).header('connection', 'close').send(result.body);
    },
  );

  app.get<{ Params: { sid: string } }>(
    `${basePath}/content/v1/Content/:sid`,
    documented({
      summary: 'Twilio stand-in: one content resource',
      tags: ['Development stand-ins'],
      security: ['basic'],
      params: z.object({ sid: z.string() }),
      responses: { 200: { description: 'The content', schema: z.looseObject({}) } },
    }),
    async (request, reply) => {
      const result = whatsapp.getContent(request.headers.authorization, request.params.sid);
      return reply.status(result.status).send(result.body);
    },
  );

  app.post(
    `${basePath}/whatsapp/inbound`,
    documented({
      summary: 'Twilio stand-in: she writes or taps a button on WhatsApp',
      tags: ['Development stand-ins'],
      body: whatsappInjection,
      responses: {
        201: { description: 'Delivered', schema: z.looseObject({}) },
        303: 'Delivered (form posts)',
      },
    }),
    async (request, reply) => {
      const injection = whatsappInjection.parse(request.body);
      const delivery = await whatsapp.injectInbound({
        from: injection.from,
        body: injection.body,
        ...(injection.buttonPayload ? { buttonPayload: injection.buttonPayload } : {}),
        ...(injection.buttonText ? { buttonText: injection.buttonText } : {}),
        ...(injection.profileName ? { profileName: injection.profileName } : {}),
      });
      // The page's form expects to land back on the page; scripts and tests want the outcome.
      if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        return reply.redirect(basePath, 303);
      }
      return reply
        .status(201)
        .send({ messageSid: delivery.messageSid, webhookStatus: delivery.webhookStatus });
    },
  );

  app.post(
    `${basePath}/whatsapp/window`,
    documented({
      summary: 'Twilio stand-in: move her last WhatsApp message back in time',
      tags: ['Development stand-ins'],
      body: windowControl,
      responses: { 204: 'Moved' },
    }),
    async (request, reply) => {
      const { number, hoursAgo } = windowControl.parse(request.body);
      whatsapp.setLastInbound(number, new Date(Date.now() - hoursAgo * 3_600_000));
      return reply.status(204).send();
    },
  );
}
