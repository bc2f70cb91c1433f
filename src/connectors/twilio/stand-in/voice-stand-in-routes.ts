import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { documented } from '../../../infra/http/api-docs/route-doc';
import type { Logger } from '../../../infra/logger';
import { BoundedLog } from './bounded-log';
import { ScriptedCall, demoCallScript, playScriptedCall } from './scripted-call';

const phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{1,14}$/, 'must be E.164, e.g. +447700900123');

const scriptedCallInput = z.strictObject({
  from: phone,
  to: phone.optional(),
  lines: z
    .array(
      z.strictObject({
        speaker: z.enum(['customer', 'agent']),
        text: z.string().trim().min(1).max(500),
        partials: z.number().int().min(0).max(5).optional(),
      }),
    )
    .min(1)
    .max(100)
    .optional(),
  lineDelayMs: z.number().int().min(0).max(30_000).default(1500),
  answerDelayMs: z.number().int().min(0).max(120_000).default(0),
  hangUp: z.boolean().default(true),
});

interface PlayedCall {
  callSid: string;
  from: string;
  step: string;
  lines: number;
  error?: string;
  startedAt: string;
}

export interface VoiceStandInDeps {
  accountSid: string;
  authToken: string;
  baseUrl: () => string;
  ownNumber: string;
  basePath: string;
  logger: Logger;
}

/**
 * `POST /dev/twilio/calls`: Twilio places a scripted call to the service — she calls, asks the bot
 * for a person, and once she is queued both parties' lines arrive as Twilio's real-time
 * transcription would report them (partials, then finals), signed; `GET` lists the calls played.
 */
export function registerVoiceStandInRoutes(app: FastifyInstance, deps: VoiceStandInDeps): void {
  const played = new BoundedLog<PlayedCall>(100);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.post(
    `${deps.basePath}/calls`,
    documented({
      summary: 'Twilio stand-in: place a scripted, transcribed call to the service',
      tags: ['Development stand-ins'],
      body: scriptedCallInput,
      responses: {
        202: {
          description: 'Playing',
          schema: z.object({ callSid: z.string(), lines: z.number() }),
        },
      },
    }),
    async (request, reply) => {
      const input = scriptedCallInput.parse(request.body ?? {});
      const call = new ScriptedCall({
        accountSid: deps.accountSid,
        authToken: deps.authToken,
        baseUrl: deps.baseUrl,
        from: input.from,
        to: input.to ?? deps.ownNumber,
      });
      const lines = input.lines ?? demoCallScript;
      const entry: PlayedCall = {
        callSid: call.callSid,
        from: input.from,
        step: 'dialling',
        lines: lines.length,
        startedAt: new Date().toISOString(),
      };
      played.add(entry);
      void playScriptedCall(
        call,
        {
          lines,
          lineDelayMs: input.lineDelayMs,
          answerDelayMs: input.answerDelayMs,
          hangUp: input.hangUp,
        },
        (step) => {
          if (closing) throw new Error('the server is shutting down');
          entry.step = step;
        },
      ).catch((error: unknown) => {
        entry.step = 'failed';
        entry.error = error instanceof Error ? error.message : String(error);
        if (!closing)
          deps.logger.warn({ err: error, callSid: call.callSid }, 'scripted call failed');
      });
      return reply.status(202).send({ callSid: call.callSid, lines: lines.length });
    },
  );

  app.get(
    `${deps.basePath}/calls`,
    documented({
      summary: 'Twilio stand-in: the scripted calls played',
      tags: ['Development stand-ins'],
      responses: {
        200: {
          description: 'Calls',
          schema: z.object({ calls: z.array(z.looseObject({})) }),
        },
      },
    }),
    async () => ({ calls: played.list() }),
  );
}
