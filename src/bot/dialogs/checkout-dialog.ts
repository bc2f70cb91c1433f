import { Dialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { orderReferenceOf } from '../../domain/commerce/order-model';
import type { ConsentMethod } from '../../domain/commerce/order-model';
import { describeChannel } from '../../domain/shared/channel';
import { isAppError } from '../../domain/shared/errors';
import { handOver } from '../actions/hand-over';
import type { BotChannel } from '../conversation';
import { formatMoney } from '../rendering/written-price';
import { confirmAnswers } from '../rendering/reply';
import { cannotOrderBlocks, cartSummaryBlock } from '../replies/cart-replies';
import { textReply } from '../replies/conversation-replies';
import { parseAction } from '../replies/values';
import type { Reply } from '../rendering/reply';
import type { CartView } from '../../domain/commerce/cart-service';
import { remember } from '../state/conversation-state';
import { TurnFacts } from '../turn/turn-facts';
import { dialogIds } from './dialog-ids';

interface CheckoutOptions {
  retries?: number;
}

interface CheckoutValues {
  cartVersion?: number;
  /** Items she cannot order, offered for removal: her next yes takes them out. */
  removing?: string[];
}

/** How she agreed: recorded on the order, as regulators ask for distance sales. */
function consentMethodOf(channel: BotChannel): ConsentMethod {
  return describeChannel(channel).orderAgreement;
}

/**
 * Checkout with an explicit yes: she is signed in first (on the web, in the chat) and comes straight
 * back here; then the cart with its totals, one question, and the order placed only for the cart
 * version she saw (a change made meanwhile in another channel asks again).
 */
/**
 * Where she will hear that it is active, as the completion notice goes: back on a channel that
 * carries messages to her number (a text, a WhatsApp), by text from anywhere else.
 */
function activeNoticeFor(channel: BotChannel): string {
  const own = describeChannel(channel);
  const notice = own.agentWrites === 'message' ? own : describeChannel('sms');
  return `I will send you a ${notice.name} when it is active.`;
}

export function checkoutDialog(): WaterfallDialog<CheckoutOptions> {
  return new WaterfallDialog<CheckoutOptions>(dialogIds.checkout, [signIn, review, decide]);
}

async function signIn(step: WaterfallStepContext<CheckoutOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  if (facts.party.customerId) return step.next();
  if (describeChannel(facts.channel).signIn === 'in-conversation') {
    await facts.say(textReply('To place an order I need to know who you are.'));
    return step.beginDialog(dialogIds.identify, { returnTo: 'checkout' });
  }
  await facts.say({
    blocks: [
      {
        kind: 'text',
        text: 'I could not find an account for this number. You can sign in and order on our website, or ask for a person.',
      },
      { kind: 'link', label: 'Sign in', url: `${facts.services.portalUrl}/sign-in` },
    ],
  });
  return step.endDialog();
}

async function review(step: WaterfallStepContext<CheckoutOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  // Sign-in did not work out: the identify dialog has already said why.
  if (!facts.party.customerId) return step.endDialog();
  const view = await facts.cart();
  if (view.cart.items.length === 0) {
    await facts.say(await facts.cartReply(view));
    return step.endDialog();
  }
  if (view.problems.length > 0) {
    // What she cannot buy is named and offered for removal; the rest of the cart waits for her yes.
    (step.values as CheckoutValues).removing = [...new Set(view.problems.map((p) => p.itemId))];
    await facts.say(await removalQuestion(facts, view));
    return Dialog.EndOfTurn;
  }
  const { oneTime, recurring } = view.price.totals;
  if (oneTime.amount + 12 * recurring.amount > facts.services.highValueMinor) {
    await handOver(facts, 'high-value-cart');
    return step.endDialog();
  }
  (step.values as CheckoutValues).cartVersion = view.cart.version;
  const amounts = [
    oneTime.amount > 0 ? `${formatMoney(oneTime)} now` : undefined,
    recurring.amount > 0 ? `${formatMoney(recurring)} a month` : undefined,
  ].filter(Boolean);
  await facts.say({
    blocks: [
      ...((step.options.retries ?? 0) > 0
        ? [{ kind: 'text' as const, text: 'Sorry, was that a yes or a no?' }]
        : []),
      cartSummaryBlock(view, await facts.units()),
      {
        kind: 'confirm',
        question: `Place this order for ${amounts.join(' and ') || 'no charge'}?`,
        yesLabel: 'Place order',
        noLabel: 'Not now',
      },
    ],
  });
  return Dialog.EndOfTurn;
}

async function answerOf(facts: TurnFacts): Promise<'yes' | 'no' | undefined> {
  if (facts.value === confirmAnswers.yes) return 'yes';
  if (facts.value === confirmAnswers.no) return 'no';
  if (!facts.text) return undefined;
  const { intent, yesNo } = await facts.understanding();
  // "go on", "do it", "not now": a yes or a no here, whatever the classifier makes of it alone.
  if (yesNo) return yesNo;
  if (intent === 'affirm' || intent === 'checkout') return 'yes';
  if (intent === 'deny' || intent === 'cancel') return 'no';
  return undefined;
}

async function decide(step: WaterfallStepContext<CheckoutOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const removing = (step.values as CheckoutValues).removing;
  if (removing) return decideRemoval(step, facts, removing);
  const answer = await answerOf(facts);
  if (answer === 'no') {
    remember(facts.memory, 'customer declined checkout');
    await facts.say(textReply('OK, I have not placed the order. Your cart is saved.'));
    return step.endDialog();
  }
  if (answer === undefined) {
    if ((step.options.retries ?? 0) >= 1) {
      await facts.say(textReply('I will keep your cart. Say "check out" when you are ready.'));
      return step.endDialog();
    }
    return step.replaceDialog(dialogIds.checkout, { retries: 1 });
  }
  const view = await facts.cart();
  const customerId = facts.party.customerId!;
  try {
    const { order } = await facts.services.orders.checkout({
      cartId: view.cart._id,
      channel: facts.channel,
      expectedVersion: (step.values as CheckoutValues).cartVersion ?? view.cart.version,
      customerConsent: { given: true, method: consentMethodOf(facts.channel) },
      actorId: customerId,
    });
    const reference = orderReferenceOf(order);
    remember(facts.memory, `placed order ${reference}`);
    await facts.say(
      textReply(
        `Thank you, your order is placed. Your order number is ${reference}. ${activeNoticeFor(facts.channel)}`,
      ),
    );
    return step.endDialog();
  } catch (error) {
    if (isAppError(error) && error.code === 'VERSION_CONFLICT') {
      await facts.say(textReply('Your cart changed in the meantime. Here it is again.'));
      return step.replaceDialog(dialogIds.checkout);
    }
    if (isAppError(error) && error.code === 'UNPROCESSABLE') {
      // Something in the cart cannot be ordered after all: she hears which, and can take it out.
      facts.cartChanged(await facts.services.carts.cartFor(facts.party, facts.channel));
      const again = await facts.cart();
      if (again.problems.length > 0) return step.replaceDialog(dialogIds.checkout);
      await facts.say(
        textReply(
          'Sorry, I could not place that order. A colleague can help if you ask for a person.',
        ),
      );
      return step.endDialog();
    }
    throw error;
  }
}

/** "Data Boost cannot be ordered …": the cart, the sentence, and one yes/no to go on without it. */
async function removalQuestion(facts: TurnFacts, view: CartView): Promise<Reply> {
  const [sentence] = cannotOrderBlocks(view, await facts.names());
  const rest = view.cart.items.length > new Set(view.problems.map((p) => p.itemId)).size;
  const single = new Set(view.problems.map((p) => p.itemId)).size === 1;
  const them = single ? 'it' : 'them';
  return {
    blocks: [
      // Only what can be priced is listed: a summary of nothing would read "your cart is empty".
      ...(view.price.lines.length > 0 ? [cartSummaryBlock(view, await facts.units())] : []),
      ...(sentence ? [sentence] : []),
      {
        kind: 'confirm',
        question: rest
          ? `Remove ${them} and check out the rest?`
          : `Remove ${them} from your cart?`,
        yesLabel: single ? 'Remove it' : 'Remove them',
        noLabel: 'Keep my cart',
      },
    ],
  };
}

/** Only a plain yes or no (or her press of a remove button) answers the removal question. */
async function removalAnswerOf(facts: TurnFacts): Promise<'yes' | 'no' | 'again' | undefined> {
  if (facts.value === confirmAnswers.yes || parseAction(facts.value)?.kind === 'drop') return 'yes';
  if (facts.value === confirmAnswers.no) return 'no';
  if (!facts.text) return undefined;
  const { intent, yesNo } = await facts.understanding();
  if (yesNo) return yesNo;
  if (intent === 'affirm') return 'yes';
  if (intent === 'deny' || intent === 'cancel') return 'no';
  // "Check out" again: the same question, since the cart has not changed.
  if (intent === 'checkout') return 'again';
  return undefined;
}

async function decideRemoval(
  step: WaterfallStepContext<CheckoutOptions>,
  facts: TurnFacts,
  removing: readonly string[],
): Promise<DialogTurnResult> {
  const answer = await removalAnswerOf(facts);
  if (answer === 'again') return step.replaceDialog(dialogIds.checkout);
  if (answer === 'no' || (answer === undefined && (step.options.retries ?? 0) >= 1)) {
    await facts.say(
      textReply('OK, I have left your cart as it is. Ask for a person if you would like help.'),
    );
    return step.endDialog();
  }
  if (answer === undefined) return step.replaceDialog(dialogIds.checkout, { retries: 1 });
  let view = await facts.cart();
  const names = await facts.names();
  const removed: string[] = [];
  for (const itemId of removing) {
    const item = view.cart.items.find((candidate) => candidate.id === itemId);
    if (!item) continue;
    view = await facts.services.carts.removeItem(view.cart._id, itemId, {
      channel: facts.channel,
      conversationId: facts.inbound.conversationId.slice(0, 128),
    });
    removed.push(names(item.offeringId) ?? 'that item');
  }
  facts.cartChanged(view);
  remember(facts.memory, `removed ${removed.join(', ')} at checkout`);
  await facts.say(textReply(`Removed ${[...new Set(removed)].join(' and ')}.`));
  // On with the rest: the review again, now without what she could not buy (or an empty cart).
  return step.replaceDialog(dialogIds.checkout);
}
