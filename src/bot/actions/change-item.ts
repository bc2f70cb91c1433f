import type { CartView } from '../../domain/commerce/cart-service';
import { parseCharacteristicValue } from '../dialogs/characteristic-choices';

import { remember } from '../state/conversation-state';
import { choosableCharacteristics } from '../turn/catalog-vocabulary';
import type { TurnFacts } from '../turn/turn-facts';
import type { Understanding } from '../understanding';
import { readDate, readOpenAnswer } from '../understanding';
import { dayInWords, startsInWords } from '../replies/dates';
import { valueLabel } from '../replies/value-label';

/**
 * "Make it 20 GB", "change the boost to next month": applies the named value to the one cart item
 * that has that characteristic (the named offer's, if she named one), or explains what it needs.
 */
export async function changeItem(facts: TurnFacts, understanding: Understanding): Promise<void> {
  const view: CartView = await facts.cart();
  const snapshot = await facts.snapshot();
  const offeringId = understanding.entities.offering?.id;
  for (const match of understanding.entities.characteristics) {
    const items = view.cart.items.filter((item) => {
      if (offeringId && item.offeringId !== offeringId) return false;
      const choosable = choosableCharacteristics(
        snapshot.specificationOf(item.offeringId)?.productSpecCharacteristic ?? [],
      );
      return choosable.some((characteristic) => characteristic.name === match.name);
    });
    const item = items.length === 1 ? items[0] : undefined;
    if (!item) continue;
    const characteristic = choosableCharacteristics(
      snapshot.specificationOf(item.offeringId)?.productSpecCharacteristic ?? [],
    ).find((candidate) => candidate.name === match.name)!;
    const value = parseCharacteristicValue(characteristic, match.value);
    if (value === undefined) continue;
    const quantity = understanding.entities.quantity?.value;
    const after = await facts.services.carts.updateItem(
      view.cart._id,
      item.id,
      {
        characteristics: { ...item.characteristics, [match.name]: value },
        ...(quantity ? { quantity } : {}),
      },
      { channel: facts.channel, conversationId: facts.inbound.conversationId.slice(0, 128) },
    );
    facts.cartChanged(after);
    remember(facts.memory, `changed ${match.name} to ${value}`);
    await facts.say(await facts.cartReply(after, 'Done, I have changed it.'));
    return;
  }
  if (await changeStart(facts, view, offeringId)) return;
  await facts.say(
    await facts.cartReply(
      view,
      'Tell me what to change, for example "make the Data Boost 20 GB", or remove an item.',
    ),
  );
}

/**
 * "Change the start date to next month", "start it from tomorrow instead": a start said in words,
 * read against the starts the one item with a start offers; a day it cannot start on is said so.
 */
async function changeStart(
  facts: TurnFacts,
  view: CartView,
  offeringId: string | undefined,
): Promise<boolean> {
  if (!facts.text) return false;
  const snapshot = await facts.snapshot();
  const withStart = view.cart.items.flatMap((item) => {
    if (offeringId && item.offeringId !== offeringId) return [];
    const start = choosableCharacteristics(
      snapshot.specificationOf(item.offeringId)?.productSpecCharacteristic ?? [],
    ).find((characteristic) => /date|start/i.test(characteristic.name));
    return start ? [{ item, start }] : [];
  });
  const [only] = withStart;
  if (!only || withStart.length > 1) return false;
  const { item, start } = only;
  const now = facts.services.clock.now();
  const options = start.productSpecCharacteristicValue.map((entry) => ({
    id: String(entry.value),
    label: valueLabel(entry.value, entry.unitOfMeasure),
  }));
  const answer = readOpenAnswer(facts.text, options, now);
  const name = (await facts.names())(item.offeringId) ?? 'It';
  if (!answer) {
    const date = readDate(facts.text, now);
    if (!date) return false;
    const day = dayInWords(new Date(`${date.isoDate}T12:00:00Z`), now);
    const starts = startsInWords(options.map((option) => option.label));
    await facts.say(
      await facts.cartReply(view, `${name} cannot start on ${day}: it can start ${starts}.`),
    );
    return true;
  }
  const value = parseCharacteristicValue(start, answer.id);
  if (value === undefined) return false;
  const after = await facts.services.carts.updateItem(
    view.cart._id,
    item.id,
    { characteristics: { ...item.characteristics, [start.name]: value } },
    { channel: facts.channel, conversationId: facts.inbound.conversationId.slice(0, 128) },
  );
  facts.cartChanged(after);
  remember(facts.memory, `changed ${start.name} to ${value}`);
  await facts.say(await facts.cartReply(after, 'Done, I have changed when it starts.'));
  return true;
}
