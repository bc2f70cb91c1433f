import { describeChannel } from '../domain/shared/channel';
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogContextError, DialogSet } from 'botbuilder-dialogs';
import type { DialogContext, DialogState } from 'botbuilder-dialogs';
import { ZodError } from 'zod';
import { partyKey } from '../domain/shared/party';
import { isAppError } from '../domain/shared/errors';
import type { AppError } from '../domain/shared/errors';
import { reasonContextOf } from './actions/show';
import { whyNotForHer } from './replies/offer-reasons';
import type { OfferReason } from '../domain/catalog/offer-reasons';
import { mergeReplies, replyOf } from './adapter/reply-activity';
import type { BotServices } from './bot-services';
import type { InboundTurn, TurnResult } from './conversation';
import { addToCartDialog } from './dialogs/add-to-cart-dialog';
import { checkoutDialog } from './dialogs/checkout-dialog';
import { dialogIds } from './dialogs/dialog-ids';
import { identifyDialogs } from './dialogs/identify-dialog';
import { removeItemDialog } from './dialogs/remove-item-dialog';
import { route } from './dialogs/router';
import { renderSms } from './rendering/render-sms';
import { renderVoice } from './rendering/render-voice';
import type { Reply } from './rendering/reply';
import { ANSWERED_KEPT, emptyMemory } from './state/conversation-state';
import type { PartyConversationState, SalesMemory } from './state/conversation-state';
import { textReply } from './replies/conversation-replies';
import { invalidInputWords } from './replies/invalid-input-words';
import { commandValue, parseAction } from './replies/values';
import { inboundOf } from './turn/inbound';
import { TurnFacts } from './turn/turn-facts';
import { INTENT_SCORE_THRESHOLD } from './understanding';
import type { LanguageUnderstanding } from './understanding';
import type { Intent } from './understanding';

const OUTCOME = Symbol('turn-outcome');

/** How long a handover silences the bot if no one gives the conversation back. */
export const HANDOVER_SILENCE_MS = 4 * 60 * 60 * 1000;

/** Intents that leave whatever question is open, whatever it was. */
const ALWAYS_INTERRUPT = new Set<Intent>(['cancel', 'handover', 'help']);
/** Intents that start something else when the open question's answer was not in the words. */
const TOPIC_CHANGES = new Set<Intent>([
  'browse_offers',
  'view_cart',
  'order_status',
  'offer_details',
  'price',
  'promo_from_campaign',
  'remove_item',
  'quote',
  'greet',
  'checkout',
  'add_to_cart',
]);

/** Intents a customer may ask while the bot waits for her number or code: answered, then asked again. */
const ASIDES = new Set<Intent>([
  'browse_offers',
  'view_cart',
  'order_status',
  'offer_details',
  'price',
  'help',
  'greet',
  'promo_from_campaign',
]);

/**
 * The error a dialog step threw: botbuilder-dialogs wraps whatever a step throws in a
 * DialogContextError, which would hide a domain refusal behind an unexpected failure.
 */
function underlying(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof DialogContextError; depth += 1) {
    current = current.error;
  }
  return current;
}

function isRefusal(error: unknown): error is AppError | ZodError {
  return error instanceof ZodError || (isAppError(error) && error.status < 500);
}

/** A refusal in her words: the domain's messages are for agents and logs. */
async function refusalReply(facts: TurnFacts, error: AppError | ZodError): Promise<Reply> {
  if (error instanceof ZodError) {
    return textReply(
      `Sorry, I couldn't do that: ${invalidInputWords(error)}. What would you like to do instead?`,
    );
  }
  const details = error.details as { whyNot?: OfferReason[] } | undefined;
  const [reason] = details?.whyNot ?? [];
  if (reason) {
    return textReply(
      `Sorry, I could not do that: ${whyNotForHer(reason, await reasonContextOf(facts))}.`,
    );
  }
  if (error.code === 'NOT_FOUND') return textReply('Sorry, I cannot find that any more.');
  return textReply(
    'Sorry, I could not do that. Ask for a person if you would like a colleague to help.',
  );
}

/** A turn that failed twice: said once, in her words, and the conversation goes on. */
const FAILED_AGAIN: Reply = textReply(
  'Sorry, something went wrong on my side with that. Please try something else, or ask for a person.',
);

export function outcomeOf(context: TurnContext): TurnResult {
  return context.turnState.get(OUTCOME) as TurnResult;
}

/** The bare replies ("2", "Y", "one") a reply gave a meaning to, on the channel it went out on. */
function choiceMapFor(reply: Reply | undefined, channel: InboundTurn['channel']) {
  if (!reply) return { choiceMap: {}, hidden: [] as string[] };
  const description = describeChannel(channel);
  if (!description.numberedChoices) return { choiceMap: {}, hidden: [] };
  const { choiceMap, hiddenChoiceIds } =
    description.replies === 'speech' ? renderVoice(reply) : renderSms(reply);
  return { choiceMap, hidden: hiddenChoiceIds };
}

/** Every pickable option of a reply, in the order channels number them. */
function choicesOf(reply: Reply | undefined): Array<{ id: string; label: string }> {
  const options: Array<{ id: string; label: string }> = [];
  for (const block of reply?.blocks ?? []) {
    if (block.kind === 'choices')
      options.push(...block.options.map(({ id, label }) => ({ id, label })));
    if (block.kind === 'offerCard') options.push(...(block.actions ?? []));
    if (block.kind === 'confirm') {
      options.push({ id: 'yes', label: block.yesLabel }, { id: 'no', label: block.noLabel });
    }
  }
  return options;
}

/** Typed on its own, this word leaves any open question and shows what she can do, on every channel. */
const MENU = /^\W*menu\W*$/i;

function lookupBareReply(memory: SalesMemory, text: string | undefined): string | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (MENU.test(trimmed)) return commandValue('menu');
  return (
    memory.choiceMap[trimmed] ??
    memory.choiceMap[trimmed.toUpperCase()] ??
    memory.choiceMap[trimmed.toLowerCase()]
  );
}

/**
 * The sales bot's turn: de-duplicate, stay silent while a person holds the conversation, continue
 * the open dialog unless she changed the subject, otherwise route; then remember what the reply's
 * numbered picks mean on her channel.
 */
export class SalesBot {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly memory: StatePropertyAccessor<SalesMemory>;
  /** Set when the handover desk, not the bot's own memory, says whether a person holds it. */
  handoverDeskDecides = false;

  constructor(
    private readonly state: PartyConversationState,
    private readonly services: BotServices,
    private readonly language: LanguageUnderstanding,
  ) {
    this.dialogState = state.createProperty<DialogState>('dialogs');
    this.memory = state.createProperty<SalesMemory>('memory');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(addToCartDialog());
    this.dialogs.add(checkoutDialog());
    this.dialogs.add(removeItemDialog());
    for (const dialog of identifyDialogs()) this.dialogs.add(dialog);
  }

  /** A person takes the conversation (an agent opened it herself): the bot falls silent. */
  async hold(context: TurnContext, handoverId: string, reason: string): Promise<void> {
    const memory = await this.memory.get(context, emptyMemory());
    memory.handover = { id: handoverId, at: this.services.clock.now().toISOString(), reason };
    await this.state.saveChanges(context);
  }

  /** A channel said hello for the bot (a chat opened, a call answered): a "hi" now gets no second one. */
  async noteGreeting(context: TurnContext): Promise<void> {
    const memory = await this.memory.get(context, emptyMemory());
    memory.greetedAt = this.services.clock.now().toISOString();
    await this.state.saveChanges(context);
  }

  /** Clears a handover: the next message is the bot's again. */
  async resume(context: TurnContext): Promise<void> {
    const memory = await this.memory.get(context, emptyMemory());
    delete memory.handover;
    memory.misunderstood = 0;
    // The wait/call back/bot choice is over: its numbers mean nothing any more.
    memory.choiceMap = {};
    memory.lastChoices = [];
    await this.state.saveChanges(context);
  }

  readonly run = async (context: TurnContext): Promise<void> => {
    const inbound = inboundOf(context);
    const memory = await this.memory.get(context, emptyMemory());
    if (memory.answered.includes(inbound.messageId)) {
      const replies =
        memory.lastTurn?.messageId === inbound.messageId ? memory.lastTurn.replies : [];
      context.turnState.set(OUTCOME, { replies, party: inbound.party, replayed: true });
      return;
    }
    memory.answered = [...memory.answered, inbound.messageId].slice(-ANSWERED_KEPT);
    if (inbound.campaignId) memory.campaignId = inbound.campaignId;

    if (memory.handover && !this.handoverDeskDecides && this.stillHandedOver(memory.handover.at)) {
      await this.state.saveChanges(context);
      context.turnState.set(OUTCOME, { replies: [], party: inbound.party, silenced: true });
      return;
    }
    delete memory.handover;

    const sent: Array<Partial<Activity>> = [];
    context.onSendActivities(async (_context, activities, next) => {
      sent.push(...activities);
      return next();
    });
    const value = inbound.value ?? lookupBareReply(memory, inbound.text);
    const facts = new TurnFacts(
      context,
      inbound,
      inbound.party,
      memory,
      this.services,
      this.language,
      value,
    );
    TurnFacts.attach(context, facts);
    // Delivered again after failing once: if it fails again she hears so, instead of a retry loop.
    const lastTry = memory.failedTurn?.messageId === inbound.messageId;

    try {
      await this.answer(context, facts);
    } catch (thrown) {
      const error = underlying(thrown);
      // A rule of the domain said no (a requirement missing, a cart changed, an input the domain
      // would not take): she hears it and the conversation goes on. Anything else fails the turn,
      // to be retried by its connector.
      if (!isRefusal(error) && !lastTry) {
        await this.noteFailure(context, inbound.messageId);
        throw thrown;
      }
      const dc = await this.dialogs.createContext(context);
      await dc.cancelAllDialogs();
      await facts.say(isRefusal(error) ? await refusalReply(facts, error) : FAILED_AGAIN);
    }
    delete memory.failedTurn;

    const reply = mergeReplies(sent.map(replyOf).filter((r): r is Reply => r !== undefined));
    const { choiceMap, hidden } = choiceMapFor(reply, inbound.channel);
    const choices = choicesOf(reply);
    memory.choiceMap = choiceMap;
    memory.lastChoices = choices;
    memory.hiddenChoices = choices.filter((choice) => hidden.includes(choice.id));
    memory.lastTurn = { messageId: inbound.messageId, replies: reply ? [reply] : [] };
    if (partyKey(facts.party) !== partyKey(inbound.party)) {
      await this.state.carryTo(context, facts.party);
    }
    await this.state.saveChanges(context);
    context.turnState.set(OUTCOME, {
      replies: reply ? [reply] : [],
      party: facts.party,
      ...(facts.handover ? { handover: facts.handover } : {}),
    });
  };

  private async answer(context: TurnContext, facts: TurnFacts): Promise<void> {
    const text = facts.inbound.text?.trim() ?? '';
    if (/^more$/i.test(text) && facts.memory.hiddenChoices.length > 0) {
      await facts.say({
        blocks: [{ kind: 'choices', prompt: 'More options:', options: facts.memory.hiddenChoices }],
      });
      return;
    }
    const dc = await this.dialogs.createContext(context);
    if (await this.isAside(dc, facts)) {
      // A question while the bot waits for her number: answered, and the question asked again.
      await route(dc, facts);
      await dc.repromptDialog();
      return;
    }
    if (dc.activeDialog && !(await this.interrupts(dc, facts))) {
      await dc.continueDialog();
    } else {
      await this.startOver(dc, facts);
    }
  }

  /** Whether she asked something else while the bot waits for her number or code. */
  private async isAside(dc: DialogContext, facts: TurnFacts): Promise<boolean> {
    const active = dc.activeDialog?.id;
    if (active !== dialogIds.phonePrompt && active !== dialogIds.codePrompt) return false;
    if (facts.value || !facts.text || /\d{4,}/.test(facts.text.replace(/[\s()+-]/g, ''))) {
      return false;
    }
    const understanding = await facts.understanding();
    return understanding.score >= INTENT_SCORE_THRESHOLD && ASIDES.has(understanding.intent);
  }

  /**
   * Remembers that this message's turn failed, on the state as it was before the turn (nothing the
   * failed turn half did is kept), so its redelivery is answered whatever happens.
   */
  private async noteFailure(context: TurnContext, messageId: string): Promise<void> {
    try {
      await this.state.load(context, true);
      const before = await this.memory.get(context, emptyMemory());
      before.failedTurn = { messageId };
      await this.state.saveChanges(context);
    } catch {
      // The failure itself is what the connector hears about; this note is only a kindness.
    }
  }

  private stillHandedOver(since: string): boolean {
    return this.services.clock.now().getTime() - Date.parse(since) < HANDOVER_SILENCE_MS;
  }

  private async startOver(dc: DialogContext, facts: TurnFacts): Promise<void> {
    if (dc.activeDialog) {
      await dc.cancelAllDialogs();
      if (!facts.value && facts.text) {
        const { intent } = await facts.understanding();
        if (intent === 'cancel') {
          await facts.say(textReply('OK, I have stopped that. What would you like to do?'));
          return;
        }
      }
    }
    await route(dc, facts);
  }

  /** Whether this message leaves the open question instead of answering it. */
  private async interrupts(dc: DialogContext, facts: TurnFacts): Promise<boolean> {
    const action = parseAction(facts.value);
    if (action) return action.kind === 'offer' || action.kind === 'add' || action.kind === 'cmd';
    if (facts.value || !facts.text) return false;
    const active = dc.activeDialog?.id;
    const understanding = await facts.understanding();
    if (understanding.choice?.wholeReply) return false;
    // An answer to the open question is read as one first ("20", "asap", "go on", "not now");
    // only asking for a person leaves a question her words also answer.
    const answers =
      (active === dialogIds.addToCart && understanding.answer !== undefined) ||
      (active === dialogIds.checkout && understanding.yesNo !== undefined);
    if (answers && understanding.intent !== 'handover') return false;
    if (understanding.score < INTENT_SCORE_THRESHOLD) return false;
    if (ALWAYS_INTERRUPT.has(understanding.intent)) return true;
    if (active === dialogIds.phonePrompt || active === dialogIds.codePrompt) return false;
    // Inside identify the prompts hold the dialog; the waterfall around them is never the active one.
    if (
      dc.stack.some(
        (instance) => instance.id === dialogIds.phonePrompt || instance.id === dialogIds.codePrompt,
      )
    ) {
      return false;
    }
    if (active === dialogIds.addToCart && understanding.entities.characteristics.length > 0) {
      return false;
    }
    // "Check out" at a question about the item she is adding: finish it, then check out.
    if (active === dialogIds.addToCart && understanding.intent === 'checkout') return false;
    if (active === dialogIds.checkout && understanding.intent === 'checkout') return false;
    return TOPIC_CHANGES.has(understanding.intent);
  }
}
