import { Dialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { CartView } from '../../domain/commerce/cart-service';
import { cartItemOptions } from '../replies/cart-replies';
import { textReply } from '../replies/conversation-replies';
import { parseAction } from '../replies/values';
import { remember } from '../state/conversation-state';
import { TurnFacts } from '../turn/turn-facts';
import { dialogIds } from './dialog-ids';

/** Removes one cart item: the one she named, the only one, or the one she picks from a list. */
export function removeItemDialog(): WaterfallDialog {
  return new WaterfallDialog(dialogIds.removeItem, [chooseItem, removeChosen]);
}

async function itemNamed(facts: TurnFacts, view: CartView): Promise<string | undefined> {
  const action = parseAction(facts.value);
  if (action?.kind === 'item') return action.argument;
  if (!facts.text) return undefined;
  const understanding = await facts.understanding();
  const picked = parseAction(understanding.choice?.id);
  if (picked?.kind === 'item') return picked.argument;
  const offeringId = understanding.entities.offering?.id;
  const matching = view.cart.items.filter((item) => item.offeringId === offeringId);
  return matching.length === 1 ? matching[0]!.id : undefined;
}

/** Takes one item out of her cart and shows what is left. */
export async function removeCartItem(
  facts: TurnFacts,
  view: CartView,
  itemId: string,
): Promise<void> {
  const offeringId = view.cart.items.find((item) => item.id === itemId)?.offeringId;
  const name = (offeringId && (await facts.names())(offeringId)) ?? 'That item';
  const after = await facts.services.carts.removeItem(view.cart._id, itemId, {
    channel: facts.channel,
    conversationId: facts.inbound.conversationId.slice(0, 128),
  });
  facts.cartChanged(after);
  remember(facts.memory, `removed ${name}`);
  await facts.say(await facts.cartReply(after, `Removed ${name}.`));
}

async function chooseItem(step: WaterfallStepContext): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const view = await facts.cart();
  if (view.cart.items.length === 0) {
    await facts.say(await facts.cartReply(view));
    return step.endDialog();
  }
  const named = await itemNamed(facts, view);
  const itemId = named ?? (view.cart.items.length === 1 ? view.cart.items[0]!.id : undefined);
  if (itemId && view.cart.items.some((item) => item.id === itemId)) {
    await removeCartItem(facts, view, itemId);
    return step.endDialog();
  }
  await facts.say({
    blocks: [
      {
        kind: 'choices',
        prompt: 'Which one should I remove?',
        options: cartItemOptions(view, await facts.units()),
      },
    ],
  });
  return Dialog.EndOfTurn;
}

async function removeChosen(step: WaterfallStepContext): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const view = await facts.cart();
  const itemId = await itemNamed(facts, view);
  if (itemId && view.cart.items.some((item) => item.id === itemId)) {
    await removeCartItem(facts, view, itemId);
  } else {
    await facts.say(textReply('OK, I have left your cart as it is.'));
  }
  return step.endDialog();
}
