import { Dialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { ConsentMethod } from '../../domain/commerce/order-model';
import { isAppError } from '../../domain/shared/errors';
import { handOver } from '../actions/hand-over';
import type { BotChannel } from '../conversation';
import { formatMoney } from '../rendering/written-price';
import { confirmAnswers } from '../rendering/reply';
import { cartReply, cartSummaryBlock } from '../replies/cart-replies';
import { textReply } from '../replies/conversation-replies';
import { remember } from '../state/conversation-state';
import { TurnFacts } from '../turn/turn-facts';
import { dialogIds } from './dialog-ids';

interface CheckoutOptions {
  retries?: number;
}

interface CheckoutValues {
  cartVersion?: number;
}

/** How she agreed: recorded on the order, as regulators ask for distance sales. */
const consentMethodOf: Record<BotChannel, ConsentMethod> = {
  sms: 'sms-reply',
  voice: 'verbal',
  webchat: 'click',
  selfcare: 'click',
};

/**
 * Checkout with an explicit yes: the cart with its totals, one question, and the order placed only
 * for the cart version she saw (a change made meanwhile in another channel asks again).
 */
export function checkoutDialog(): WaterfallDialog<CheckoutOptions> {
  return new WaterfallDialog<CheckoutOptions>(dialogIds.checkout, [review, decide]);
}

async function review(step: WaterfallStepContext<CheckoutOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  if (!facts.party.customerId) {
    if (facts.channel === 'webchat' || facts.channel === 'selfcare') {
      await facts.say(textReply('To place an order I need to know who you are.'));
      return step.replaceDialog(dialogIds.identify);
    }
    await facts.say(
      textReply(
        `I could not find an account for this number. Sign in at ${facts.services.portalUrl}/sign-in, or ask for a person.`,
      ),
    );
    return step.endDialog();
  }
  const view = await facts.cart();
  if (view.cart.items.length === 0 || view.problems.length > 0) {
    await facts.say(
      cartReply(
        view,
        view.problems.length > 0 ? 'Your cart needs a change first.' : undefined,
        await facts.units(),
      ),
    );
    return step.endDialog();
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
  const { intent } = await facts.understanding();
  if (intent === 'affirm' || intent === 'checkout') return 'yes';
  if (intent === 'deny' || intent === 'cancel') return 'no';
  return undefined;
}

async function decide(step: WaterfallStepContext<CheckoutOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
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
    await facts.say(textReply('Sorry, was that a yes or a no?'));
    return step.replaceDialog(dialogIds.checkout, { retries: 1 });
  }
  const view = await facts.cart();
  const customerId = facts.party.customerId!;
  try {
    const { order } = await facts.services.orders.checkout({
      cartId: view.cart._id,
      channel: facts.channel,
      expectedVersion: (step.values as CheckoutValues).cartVersion ?? view.cart.version,
      customerConsent: { given: true, method: consentMethodOf[facts.channel] },
      actorId: customerId,
    });
    remember(facts.memory, `placed order ${order._id}`);
    await facts.say(
      textReply(`Thank you! Order ${order._id} is placed. I will text you when it is active.`),
    );
    return step.endDialog();
  } catch (error) {
    if (isAppError(error) && error.code === 'VERSION_CONFLICT') {
      await facts.say(textReply('Your cart changed in the meantime. Here it is again.'));
      return step.replaceDialog(dialogIds.checkout);
    }
    throw error;
  }
}
