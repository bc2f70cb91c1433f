import { randomUUID } from 'node:crypto';
import { registerVoiceRoutes } from '../../../src/connectors/twilio/voice/voice-routes';
import { registerVoiceCallModel } from '../../../src/connectors/twilio/voice/voice-call-model';
import type { VoiceCallDocument } from '../../../src/connectors/twilio/voice/voice-call-model';
import type {
  BotTurn,
  CallGreeting,
  CallStart,
  CallerTurn,
  VoiceTurnHandler,
} from '../../../src/connectors/twilio/voice/voice-turn-handler';
import { PublicBaseUrl } from '../../../src/connectors/twilio/public-base-url';
import { createInteractionModels } from '../../../src/domain/interactions/models';
import type { InteractionDocument } from '../../../src/domain/interactions/models';
import { InteractionService } from '../../../src/domain/interactions/interaction-service';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import { postSigned } from '../twilio/harness';

export const CALLER = '+447700900123';
export const OUR_NUMBER = '+441632960000';
export const STACY = 'cust_stacy';

/**
 * Stands in for the bot, which is not built yet: greets Stacy by name, answers every turn with one
 * sentence naming what it heard, and asks for a transfer when the caller wants to cancel.
 */
export class ScriptedVoiceHandler implements VoiceTurnHandler {
  readonly turns: CallerTurn[] = [];

  async startCall(_call: CallStart): Promise<CallGreeting> {
    return {
      greeting: {
        blocks: [{ kind: 'text', text: 'Hello Stacy, welcome to Example Mobile. How can I help?' }],
      },
      customerName: 'Stacy',
      party: { customerId: STACY },
    };
  }

  async turn(turn: CallerTurn): Promise<BotTurn> {
    this.turns.push(turn);
    const reply = { blocks: [{ kind: 'text' as const, text: `You said ${turn.speech}` }] };
    return /cancel/i.test(turn.speech) ? { reply, transfer: { reason: 'retention' } } : { reply };
  }
}

export interface VoiceTestNode {
  runtime: TestRuntime;
  handler: ScriptedVoiceHandler;
  /** Posts a signed voice webhook to `pathWithQuery`, as Twilio would. */
  post(pathWithQuery: string, params: Record<string, string>): Promise<Response>;
  calls(): Promise<VoiceCallDocument[]>;
  interactions(filter: Partial<InteractionDocument>): Promise<InteractionDocument[]>;
}

export async function startVoiceNode(): Promise<VoiceTestNode> {
  const handler = new ScriptedVoiceHandler();
  const runtime = await startTestRuntime({
    configure: async ({ mongo }) => {
      // The unique dedupeKey index is what keeps one call to one timeline entry.
      await createInteractionModels(mongo.connection).Interaction.init();
    },
    configureApp: ({ app, config, mongo, events }) => {
      const models = createInteractionModels(mongo.connection);
      registerVoiceRoutes(app, {
        settings: {
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          publicBaseUrl: new PublicBaseUrl(config.PUBLIC_BASE_URL),
        },
        connection: mongo.connection,
        handler,
        timeline: new InteractionService(models, events),
        events,
      });
    },
  });
  const { connection } = runtime.mongo;
  return {
    runtime,
    handler,
    post: (pathWithQuery, params) =>
      postSigned(`${runtime.url}${pathWithQuery}`, params, {
        authToken: runtime.config.TWILIO_AUTH_TOKEN,
        signedUrl: `${runtime.config.PUBLIC_BASE_URL}${pathWithQuery}`,
      }),
    calls: () => registerVoiceCallModel(connection).find().lean<VoiceCallDocument[]>(),
    interactions: (filter) =>
      createInteractionModels(connection).Interaction.find(filter).lean<InteractionDocument[]>(),
  };
}

export function newCallSid(): string {
  return `CA${randomUUID().replaceAll('-', '')}`;
}

/** The parameters Twilio sends on every request of one inbound call. */
export function callParams(
  accountSid: string,
  callSid: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: accountSid,
    From: CALLER,
    To: OUR_NUMBER,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    FromCountry: 'GB',
    ToCountry: 'GB',
    ...extra,
  };
}

export function speech(text: string, confidence = 0.92): Record<string, string> {
  return { SpeechResult: text, Confidence: String(confidence) };
}

/** The `?turn=` the TwiML's Gather posts back to, or undefined when it does not gather. */
export function gatherTurnOf(twiml: string): number | undefined {
  const match = /<Gather [^>]*action="\/webhooks\/twilio\/voice\/gather\?turn=(\d+)"/.exec(twiml);
  return match?.[1] ? Number(match[1]) : undefined;
}

export function spokenLinesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((match) => match[1] ?? '');
}
