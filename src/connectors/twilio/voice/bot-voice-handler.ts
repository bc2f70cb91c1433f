import type { ConversationEngine } from '../../../bot/conversation';
import type { IdentityService } from '../../../domain/customers/identity-service';
import type { CustomerService } from '../../../domain/customers/customer-service';
import type {
  BotTurn,
  CallGreeting,
  CallStart,
  CallerTurn,
  VoiceTurnHandler,
} from './voice-turn-handler';

export interface BotVoiceHandlerDeps {
  engine: () => ConversationEngine;
  identities: () => Pick<IdentityService, 'resolve'>;
  customers: () => Pick<CustomerService, 'find'>;
}

/** The voice line's turns as bot turns on the `voice` channel, the caller known by her number. */
export class BotVoiceHandler implements VoiceTurnHandler {
  constructor(private readonly deps: BotVoiceHandlerDeps) {}

  async startCall(call: CallStart): Promise<CallGreeting> {
    const party = await this.deps.identities().resolve('voice', call.from);
    const customer = party.customerId
      ? await this.deps.customers().find(party.customerId)
      : undefined;
    const { replies } = await this.deps.engine().greet('voice', party, call.callSid);
    return {
      greeting: { blocks: replies.flatMap((reply) => reply.blocks) },
      ...(customer ? { customerName: customer.name.given } : {}),
      party,
    };
  }

  async turn(turn: CallerTurn): Promise<BotTurn> {
    const party = await this.deps.identities().resolve('voice', turn.from);
    const result = await this.deps.engine().handleTurn({
      channel: 'voice',
      party,
      conversationId: turn.callSid,
      messageId: `${turn.callSid}:${turn.turn}`,
      text: turn.speech,
    });
    const reply = { blocks: result.replies.flatMap((one) => one.blocks) };
    return {
      reply,
      ...(result.handover ? { transfer: { reason: result.handover.reason } } : {}),
    };
  }
}
