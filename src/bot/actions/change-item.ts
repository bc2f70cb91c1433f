import type { CartView } from '../../domain/commerce/cart-service';
import { parseCharacteristicValue } from '../dialogs/characteristic-choices';

import { remember } from '../state/conversation-state';
import { choosableCharacteristics } from '../turn/catalog-vocabulary';
import type { TurnFacts } from '../turn/turn-facts';
import type { Understanding } from '../understanding';

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
  await facts.say(
    await facts.cartReply(
      view,
      'Tell me what to change, for example "make the Data Boost 20 GB", or remove an item.',
    ),
  );
}
