import { Dialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { CharacteristicValue } from '../../domain/catalog/product-specification';
import { remember } from '../state/conversation-state';
import { menuReply, textReply } from '../replies/conversation-replies';
import { parseAction } from '../replies/values';
import { sayAlreadyComing, showOffer } from '../actions/show';
import { choosableCharacteristics } from '../turn/catalog-vocabulary';
import { TurnFacts } from '../turn/turn-facts';
import { readDate } from '../understanding';
import { dayInWords, startsInWords } from '../replies/dates';
import { valueLabel } from '../replies/value-label';
import {
  characteristicOptions,
  characteristicWords,
  parseCharacteristicValue,
} from './characteristic-choices';
import { dialogIds } from './dialog-ids';

export interface AddToCartOptions {
  offeringId: string;
  characteristics: Record<string, CharacteristicValue>;
  quantity: number;
  /** Unusable answers so far to the current question. */
  retries?: number;
  /** Said before the question is asked again ("It cannot start on Friday 11 December: …"). */
  lead?: string;
  /** She said "check out" during the questions: once it is added, the checkout begins. */
  thenCheckout?: boolean;
}

const MAX_RETRIES = 2;

/**
 * Adds an offer to the customer's cart, asking first for each characteristic she must choose
 * (Data Boost's size, its start). One question per turn; answers by button, by number ("2") or in
 * words ("the 20 gig one"); the loop re-enters itself with what is known so far.
 */
export function addToCartDialog(): WaterfallDialog<AddToCartOptions> {
  return new WaterfallDialog<AddToCartOptions>(dialogIds.addToCart, [askOrAdd, collectAnswer]);
}

async function pendingCharacteristic(facts: TurnFacts, options: AddToCartOptions) {
  const snapshot = await facts.snapshot();
  const specification = snapshot.specificationOf(options.offeringId);
  const choosable = choosableCharacteristics(specification?.productSpecCharacteristic ?? []);
  return {
    snapshot,
    missing: choosable.find((c) => options.characteristics[c.name] === undefined),
  };
}

/** The retry says what can be chosen ("next Friday" when it starts now or at the next bill). */
function offeredOnly(labels: readonly string[]): string {
  const spoken = labels.map((label, index) => (index === 0 ? label : label.toLowerCase()));
  const list =
    spoken.length > 1 ? `${spoken.slice(0, -1).join(', ')} or ${spoken.at(-1)}` : spoken.join('');
  return `Sorry, I did not get that. The choices are ${list}.`;
}

async function askOrAdd(step: WaterfallStepContext<AddToCartOptions>): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const options = step.options;
  const { decisions } = await facts.offers();
  const decision = decisions.find((candidate) => candidate.offering.id === options.offeringId);
  if (!decision?.offered) {
    await showOffer(facts, options.offeringId);
    return step.endDialog();
  }
  if (await sayAlreadyComing(facts, options.offeringId)) return step.endDialog();
  const { snapshot, missing } = await pendingCharacteristic(facts, options);
  if (missing) {
    const choices = await characteristicOptions(
      facts,
      snapshot,
      options.offeringId,
      options.characteristics,
      missing,
    );
    const question = /Date$/.test(missing.name)
      ? `When should ${decision.offering.name} start?`
      : `Which ${characteristicWords(missing.name)} would you like for ${decision.offering.name}?`;
    await facts.say({
      blocks: [
        ...(options.lead
          ? [{ kind: 'text' as const, text: options.lead }]
          : (options.retries ?? 0) > 0
            ? [{ kind: 'text' as const, text: offeredOnly(choices.map((choice) => choice.label)) }]
            : []),
        { kind: 'choices', prompt: question, options: choices, leavable: true },
      ],
    });
    return Dialog.EndOfTurn;
  }
  const current = await facts.cart();
  const context = {
    channel: facts.channel,
    conversationId: facts.inbound.conversationId.slice(0, 128),
  };
  let view = await facts.services.carts.addItem(
    current.cart._id,
    {
      offeringId: options.offeringId,
      quantity: options.quantity,
      characteristics: options.characteristics,
    },
    context,
  );
  const campaignId = facts.campaignId;
  if (campaignId && view.cart.campaignId === undefined) {
    view = await facts.services.carts.attributeCampaign(view.cart._id, campaignId, context);
  }
  facts.cartChanged(view);
  remember(facts.memory, `added ${decision.offering.name}`);
  if (options.thenCheckout) {
    await facts.say(textReply(`Added ${decision.offering.name} to your cart.`));
    return step.replaceDialog(dialogIds.checkout);
  }
  const problem = view.problems.find((candidate) =>
    view.cart.items.some(
      (item) => item.id === candidate.itemId && item.offeringId === options.offeringId,
    ),
  );
  await facts.say(
    await facts.cartReply(
      view,
      problem ? undefined : `Added ${decision.offering.name} to your cart.`,
    ),
  );
  return step.endDialog();
}

async function collectAnswer(
  step: WaterfallStepContext<AddToCartOptions>,
): Promise<DialogTurnResult> {
  const facts = TurnFacts.of(step.context);
  const options = step.options;
  const { missing } = await pendingCharacteristic(facts, options);
  if (!missing) return step.replaceDialog(dialogIds.addToCart, options);
  const value = await answerFor(facts, missing);
  if (value === undefined && (await saysNo(facts))) {
    const name = (await facts.names())(options.offeringId) ?? 'it';
    await facts.say(menuReply(`OK, I have not added ${name}. What would you like to do instead?`));
    return step.endDialog();
  }
  if (value === undefined && (await wantsToCheckOut(facts))) {
    const defaults = await defaultsFor(facts, options);
    if (defaults) {
      return step.replaceDialog(dialogIds.addToCart, {
        ...options,
        characteristics: { ...options.characteristics, ...defaults },
        retries: 0,
        thenCheckout: true,
      });
    }
  }
  const { lead: _said, ...rest } = options;
  if (value !== undefined) {
    return step.replaceDialog(dialogIds.addToCart, {
      ...rest,
      characteristics: { ...options.characteristics, [missing.name]: value },
      retries: 0,
    });
  }
  const date = value === undefined ? await namedDay(facts, missing.name) : undefined;
  if (date) {
    // "next Friday" when it can only start now or at the next bill: say so, in her words.
    const labels = missing.productSpecCharacteristicValue.map((entry) =>
      valueLabel(entry.value, entry.unitOfMeasure),
    );
    const name = (await facts.names())(options.offeringId) ?? 'It';
    return step.replaceDialog(dialogIds.addToCart, {
      ...options,
      lead: `${name} cannot start on ${date}: it can start ${startsInWords(labels)}.`,
    });
  }
  if ((options.retries ?? 0) >= MAX_RETRIES) {
    await facts.say(
      textReply(
        'Let us leave that for now. Say "add" with the offer name when you want to try again.',
      ),
    );
    return step.endDialog();
  }
  return step.replaceDialog(dialogIds.addToCart, {
    ...rest,
    retries: (options.retries ?? 0) + 1,
  });
}

/** "from Friday 11 December": the day she named at a start question, in words; undefined if none. */
async function namedDay(facts: TurnFacts, characteristicName: string): Promise<string | undefined> {
  if (!/date|start/i.test(characteristicName) || !facts.text) return undefined;
  const now = facts.services.clock.now();
  const date = readDate(facts.text, now);
  return date ? dayInWords(new Date(`${date.isoDate}T12:00:00Z`), now) : undefined;
}

/** "actually no", "nah", "not now" at the question: she does not want it after all. */
async function saysNo(facts: TurnFacts): Promise<boolean> {
  if (facts.value || !facts.text) return false;
  const understanding = await facts.understanding();
  return understanding.yesNo === 'no' || understanding.intent === 'cancel';
}

async function wantsToCheckOut(facts: TurnFacts): Promise<boolean> {
  if (parseAction(facts.value)?.argument === 'checkout') return true;
  if (!facts.text) return false;
  return (await facts.understanding()).intent === 'checkout';
}

/** The catalog's default for every question still open, or undefined if one has none. */
async function defaultsFor(
  facts: TurnFacts,
  options: AddToCartOptions,
): Promise<Record<string, CharacteristicValue> | undefined> {
  const snapshot = await facts.snapshot();
  const choosable = choosableCharacteristics(
    snapshot.specificationOf(options.offeringId)?.productSpecCharacteristic ?? [],
  );
  const defaults: Record<string, CharacteristicValue> = {};
  for (const characteristic of choosable) {
    if (options.characteristics[characteristic.name] !== undefined) continue;
    const preset = characteristic.productSpecCharacteristicValue.find((value) => value.isDefault);
    if (!preset) return undefined;
    defaults[characteristic.name] = preset.value;
  }
  return defaults;
}

async function answerFor(
  facts: TurnFacts,
  characteristic: Parameters<typeof parseCharacteristicValue>[0],
): Promise<CharacteristicValue | undefined> {
  const action = parseAction(facts.value);
  if (action?.kind === 'char') return parseCharacteristicValue(characteristic, action.argument);
  if (!facts.text) return undefined;
  const understanding = await facts.understanding();
  const named = understanding.entities.characteristics.find(
    (match) => match.name === characteristic.name && match.inCatalog,
  );
  const value = named && parseCharacteristicValue(characteristic, named.value);
  if (value !== undefined && value !== '') return value;
  const picked = parseAction(understanding.choice?.id);
  if (picked?.kind === 'char') return parseCharacteristicValue(characteristic, picked.argument);
  // "20", "twenty", "the big one", "asap": read against the choices the question showed.
  const answered = parseAction(understanding.answer?.id);
  if (answered?.kind === 'char') return parseCharacteristicValue(characteristic, answered.argument);
  return undefined;
}
