import type { DialogContext } from 'botbuilder-dialogs';
import { describeChannel } from '../../domain/shared/channel';
import type { CharacteristicValue } from '../../domain/catalog/product-specification';
import { handOver } from '../actions/hand-over';
import {
  makeQuote,
  promotedOffers,
  showCart,
  showOffer,
  showOffers,
  showOrders,
} from '../actions/show';
import { changeItem } from '../actions/change-item';
import { greetingReply, helpReply, menuReply, textReply } from '../replies/conversation-replies';
import { didYouMeanReply, offTopicReply, soundsUpset } from '../replies/fallback-replies';
import { removeCartItem } from './remove-item-dialog';
import { isCommand, parseAction } from '../replies/values';
import type { Command } from '../replies/values';
import { choosableCharacteristics } from '../turn/catalog-vocabulary';
import type { TurnFacts } from '../turn/turn-facts';
import type { Understanding } from '../understanding';
import type { AddToCartOptions } from './add-to-cart-dialog';
import { parseCharacteristicValue } from './characteristic-choices';
import { dialogIds } from './dialog-ids';

/** More than this of one offer in one go is a business order: a person handles it. */
export const MAX_QUANTITY = 10;

/** Turns in a row without understanding before a person takes over. */
export const MAX_MISUNDERSTOOD = 3;

/**
 * Decides what a turn outside any dialog means, and answers it or starts the dialog for it.
 * Buttons and numbered picks (values) come first: they are exact. Words go through the understanding.
 */
export async function route(dc: DialogContext, facts: TurnFacts): Promise<void> {
  const action = parseAction(facts.value);
  if (action) return routeAction(dc, facts, action.kind, action.argument);
  if (!facts.text) return facts.say(helpReply(facts.channel));
  const understanding = await facts.understanding();
  const picked = understanding.choice?.wholeReply
    ? parseAction(understanding.choice.id)
    : undefined;
  if (picked) return routeAction(dc, facts, picked.kind, picked.argument);
  const configured = await listedOfferNamedByValue(facts, understanding);
  if (configured) {
    facts.memory.misunderstood = 0;
    return beginAddToCart(dc, { ...configured, quantity: 1 });
  }
  if (soundsUpset(facts.text) && !asksForPerson(facts.text)) {
    // Frustration is not a request: a calm answer, and it does not count towards "stuck".
    return facts.say(offTopicReply(true));
  }
  if (understanding.intent === 'none') return notUnderstood(facts, understanding);
  facts.memory.misunderstood = 0;
  return routeIntent(dc, facts, understanding);
}

/** Intents a pick like "the 20 GB one" may come with; anything else is her asking for something else. */
const PICKING_INTENTS = new Set<Understanding['intent']>([
  'none',
  'choose',
  'add_to_cart',
  'affirm',
]);

/**
 * "The 20 GB one" after a list of offers: the one listed offer that has that value, which she wants
 * in that configuration (the add-to-cart questions then ask only what is still open).
 */
async function listedOfferNamedByValue(
  facts: TurnFacts,
  understanding: Understanding,
): Promise<Omit<AddToCartOptions, 'quantity'> | undefined> {
  if (!PICKING_INTENTS.has(understanding.intent)) return undefined;
  if (understanding.entities.characteristics.length === 0) return undefined;
  const listed = facts.memory.lastChoices
    .map((choice) => parseAction(choice.id))
    .filter((action) => action?.kind === 'offer')
    .map((action) => action!.argument);
  const named = understanding.entities.offering?.id;
  const candidates = named ? listed.filter((id) => id === named) : listed;
  const fitting: Array<Omit<AddToCartOptions, 'quantity'>> = [];
  for (const offeringId of candidates) {
    const characteristics = await namedCharacteristics(facts, offeringId, understanding);
    if (Object.keys(characteristics).length > 0) fitting.push({ offeringId, characteristics });
  }
  return fitting.length === 1 ? fitting[0] : undefined;
}

async function routeAction(
  dc: DialogContext,
  facts: TurnFacts,
  kind: string,
  argument: string,
): Promise<void> {
  switch (kind) {
    case 'offer':
      return showOffer(facts, argument);
    case 'add':
      await beginAddToCart(dc, { offeringId: argument, characteristics: {}, quantity: 1 });
      return;
    case 'cmd':
      if (isCommand(argument)) return runCommand(dc, facts, argument);
      return facts.say(helpReply(facts.channel));
    case 'drop': {
      const view = await facts.cart();
      if (!view.cart.items.some((item) => item.id === argument)) return showCart(facts);
      return removeCartItem(facts, view, argument);
    }
    default:
      // A pick from a question that is no longer open (an old SMS answered late).
      return showCart(facts, 'That question has closed.');
  }
}

async function runCommand(dc: DialogContext, facts: TurnFacts, command: Command): Promise<void> {
  switch (command) {
    case 'browse':
      return showOffers(facts);
    case 'cart':
      return showCart(facts);
    case 'checkout':
      await dc.beginDialog(dialogIds.checkout);
      return;
    case 'quote':
      return makeQuote(facts);
    case 'agent':
      await handOver(facts, 'customer-asked');
      return;
    case 'help':
      return facts.say(helpReply(facts.channel));
    case 'orders':
      return showOrders(facts);
    case 'menu':
      return facts.say(menuReply());
  }
}

/** How long after a greeting a "hi" is not greeted again, but answered with what she can do. */
export const GREETING_KEPT_MS = 30 * 60 * 1000;

/** One greeting per conversation: a "hi" right after the bot said hello gets the menu, not a second hello. */
async function greet(facts: TurnFacts): Promise<void> {
  const now = facts.services.clock.now().getTime();
  const greetedAt = facts.memory.greetedAt ? Date.parse(facts.memory.greetedAt) : undefined;
  if (greetedAt !== undefined && now - greetedAt < GREETING_KEPT_MS) {
    return facts.say(menuReply('How can I help?'));
  }
  facts.memory.greetedAt = new Date(now).toISOString();
  const customer = await facts.customer();
  return facts.say(greetingReply(customer?.name.given));
}

async function beginAddToCart(dc: DialogContext, options: AddToCartOptions): Promise<void> {
  await dc.beginDialog(dialogIds.addToCart, options);
}

/** Words that ask for a person, even inside an angry line ("useless, get me a human"). */
function asksForPerson(text: string): boolean {
  return /\b(?:person|human|someone|somebody|agent|advisor|adviser|staff|manager|colleague|operator|rep|representative|real)\b/i.test(
    text,
  );
}

/**
 * Off-topic chat gets a calm answer and is not a miss; a real miss offers the two closest things
 * the bot can do. Only misses in a row on sales words hand her to a person.
 */
async function notUnderstood(facts: TurnFacts, understanding: Understanding): Promise<void> {
  if (understanding.offTopic) return facts.say(offTopicReply(false));
  facts.memory.misunderstood += 1;
  if (facts.memory.misunderstood >= MAX_MISUNDERSTOOD) {
    facts.memory.misunderstood = 0;
    await handOver(facts, 'bot-stuck');
    return;
  }
  await facts.say(didYouMeanReply(understanding.alternatives));
}

/** The offer her words point at; when several fit equally, undefined (the caller asks which). */
function targetOffering(understanding: Understanding, facts: TurnFacts): string | undefined {
  return (
    understanding.entities.offering?.id ??
    (understanding.entities.offeringCandidates.length === 0
      ? facts.memory.focusOfferingId
      : undefined)
  );
}

/** The characteristic values she named that this offer actually has ("20 GB" for Data Boost). */
async function namedCharacteristics(
  facts: TurnFacts,
  offeringId: string,
  understanding: Understanding,
): Promise<Record<string, CharacteristicValue>> {
  const snapshot = await facts.snapshot();
  const choosable = choosableCharacteristics(
    snapshot.specificationOf(offeringId)?.productSpecCharacteristic ?? [],
  );
  const selected: Record<string, CharacteristicValue> = {};
  for (const match of understanding.entities.characteristics) {
    const characteristic = choosable.find((candidate) => candidate.name === match.name);
    const value = characteristic && parseCharacteristicValue(characteristic, match.value);
    if (value !== undefined && value !== '') selected[match.name] = value;
  }
  return selected;
}

async function askWhichOffer(facts: TurnFacts, understanding: Understanding, question: string) {
  const candidates = understanding.entities.offeringCandidates;
  if (candidates.length > 1) {
    const { decisions } = await facts.offers();
    const offered = decisions.filter(
      (decision) => decision.offered && candidates.some((c) => c.id === decision.offering.id),
    );
    if (offered.length > 0) {
      return facts.say({
        blocks: [
          {
            kind: 'choices',
            prompt: question,
            options: offered.map((decision) => ({
              id: `offer:${decision.offering.id}`,
              label: decision.offering.name,
            })),
          },
        ],
      });
    }
  }
  return showOffers(facts, question);
}

async function routeIntent(
  dc: DialogContext,
  facts: TurnFacts,
  understanding: Understanding,
): Promise<void> {
  switch (understanding.intent) {
    case 'greet':
      return greet(facts);
    case 'help':
      return facts.say(helpReply(facts.channel));
    case 'browse_offers':
      return showOffers(facts);
    case 'offer_details':
    case 'price': {
      const offeringId = targetOffering(understanding, facts);
      if (!offeringId) return askWhichOffer(facts, understanding, 'Which offer do you mean?');
      return showOffer(
        facts,
        offeringId,
        await namedCharacteristics(facts, offeringId, understanding),
      );
    }
    case 'promo_from_campaign': {
      const [promoted] = await promotedOffers(facts);
      if (!promoted) {
        return showOffers(
          facts,
          'I cannot find a promotion for you right now, but here is what I can offer:',
        );
      }
      return showOffer(facts, promoted.offering.id, {}, 'This is the offer from our message:');
    }
    case 'add_to_cart': {
      const offeringId = targetOffering(understanding, facts);
      if (!offeringId)
        return askWhichOffer(facts, understanding, 'Which offer would you like to add?');
      const quantity = understanding.entities.quantity?.value ?? 1;
      if (quantity > MAX_QUANTITY) {
        return facts.say(
          textReply(
            `I can add up to ${MAX_QUANTITY} at a time. For more, ask for a person and a colleague will help.`,
          ),
        );
      }
      return beginAddToCart(dc, {
        offeringId,
        characteristics: await namedCharacteristics(facts, offeringId, understanding),
        quantity: Math.max(1, quantity),
      });
    }
    case 'view_cart':
      return showCart(facts);
    case 'remove_item':
      await dc.beginDialog(dialogIds.removeItem);
      return;
    case 'change_item':
      return changeItem(facts, understanding);
    case 'quote':
      return makeQuote(facts);
    case 'checkout':
      await dc.beginDialog(dialogIds.checkout);
      return;
    case 'order_status':
      return showOrders(facts);
    case 'handover':
      await handOver(facts, 'customer-asked');
      return;
    case 'identify':
      if (describeChannel(facts.channel).signIn === 'in-conversation') {
        await dc.beginDialog(dialogIds.identify);
        return;
      }
      return facts.say(
        textReply(
          facts.party.customerId
            ? 'I already know you by your number.'
            : `I could not find an account for this number. Sign in at ${facts.services.portalUrl}/sign-in.`,
        ),
      );
    case 'cancel':
      return facts.say(textReply('OK. Nothing is in progress. What would you like to do?'));
    case 'affirm': {
      // "yeah go on" to a list: she means yes to one of them, so ask which, with the same list.
      const listed = facts.memory.lastChoices;
      if (listed.length > 1) {
        return facts.say({
          blocks: [{ kind: 'choices', prompt: 'Which one would you like?', options: listed }],
        });
      }
      return facts.say(menuReply());
    }
    case 'deny':
      return facts.say(menuReply('OK. Anything else I can help with?'));
    case 'choose':
    case 'none':
      return facts.say(helpReply(facts.channel));
  }
}
