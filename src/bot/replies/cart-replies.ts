import { valueLabel } from './value-label';
import type { CartView } from '../../domain/commerce/cart-service';
import { orderReferenceOf } from '../../domain/commerce/order-model';
import type { Order } from '../../domain/commerce/order-model';
import type { CartSummaryBlock, ChoiceOption, Reply, ReplyBlock } from '../rendering/reply';
import { actionValue, commandValue } from './values';

/** The catalog's unit of a characteristic value ("GB" for Data Boost's dataSize). */
export type UnitLookup = (offeringId: string, characteristic: string) => string | undefined;

const noUnits: UnitLookup = () => undefined;

/** The catalog's name of an offering, for items the cart could not price. */
export type NameLookup = (offeringId: string) => string | undefined;

/** "(20 GB, Next billing cycle)": what she chose, in the words the options used. */
function characteristicsLabel(
  offeringId: string,
  characteristics: Readonly<Record<string, string | number>>,
  units: UnitLookup,
): string {
  const values = Object.entries(characteristics).map(([name, value]) =>
    valueLabel(value, units(offeringId, name)),
  );
  return values.length > 0 ? ` (${values.join(', ')})` : '';
}

export function cartSummaryBlock(view: CartView, units: UnitLookup = noUnits): CartSummaryBlock {
  return {
    kind: 'cartSummary',
    lines: view.price.lines.map((line) => ({
      name: `${line.offeringName}${characteristicsLabel(line.offeringId, line.characteristics, units)}`,
      quantity: line.quantity,
      ...(line.line.recurring.amount > 0 ? { recurring: line.line.recurring } : {}),
      ...(line.line.oneTime.amount > 0 ? { oneTime: line.line.oneTime } : {}),
    })),
    totals: view.price.totals,
  };
}

export function cartReply(
  view: CartView,
  lead?: string,
  units: UnitLookup = noUnits,
  names: NameLookup = () => undefined,
): Reply {
  if (view.cart.items.length === 0) {
    return {
      blocks: [
        { kind: 'text', text: lead ? `${lead} Your cart is empty.` : 'Your cart is empty.' },
        {
          kind: 'choices',
          prompt: 'Would you like to see what I can offer?',
          options: [{ id: commandValue('browse'), label: 'Show offers' }],
        },
      ],
    };
  }
  const blocks: ReplyBlock[] = [];
  if (lead) blocks.push({ kind: 'text', text: lead });
  blocks.push(cartSummaryBlock(view, units));
  if (view.problems.length > 0) {
    blocks.push(...cannotOrderBlocks(view, names));
    return { blocks };
  }
  blocks.push({
    kind: 'choices',
    prompt: 'What next?',
    options: [
      { id: commandValue('checkout'), label: 'Check out' },
      { id: commandValue('browse'), label: 'Keep shopping' },
    ],
  });
  return { blocks };
}

/**
 * The items she cannot order as they are (a rule changed, or she signed in to an account they do
 * not suit), each explained in a sentence and offered for removal: checkout waits for them.
 */
export function cannotOrderBlocks(view: CartView, nameOf: NameLookup): ReplyBlock[] {
  const names = view.problems.map((problem) => {
    const item = view.cart.items.find((candidate) => candidate.id === problem.itemId);
    return (item && nameOf(item.offeringId)) ?? 'One item';
  });
  const unique = [...new Set(names)];
  const which =
    unique.length === 1
      ? `${unique[0]} cannot`
      : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)} cannot`;
  return [
    {
      kind: 'text',
      text: `Sorry, ${which} be ordered on your account as it is now, so I cannot place this order yet.`,
    },
    {
      kind: 'choices',
      prompt: unique.length === 1 ? 'Shall I take it out?' : 'Shall I take them out?',
      options: [
        ...view.problems.map((problem, index) => ({
          id: actionValue('drop', problem.itemId),
          label: `Remove ${names[index]}`,
        })),
        { id: commandValue('agent'), label: 'Talk to a person' },
      ],
    },
  ];
}

export function cartItemOptions(view: CartView, units: UnitLookup = noUnits): ChoiceOption[] {
  return view.price.lines.map((line) => ({
    id: actionValue('item', line.itemId),
    label: `${line.offeringName}${characteristicsLabel(line.offeringId, line.characteristics, units)}`,
  }));
}

const orderStateWords: Record<string, string> = {
  acknowledged: 'received',
  inProgress: 'being activated',
  pending: 'waiting',
  held: 'on hold',
  assessingCancellation: 'being cancelled',
  pendingCancellation: 'being cancelled',
  cancelled: 'cancelled',
  completed: 'active',
  failed: 'not completed',
  rejected: 'rejected',
  partial: 'partly done',
};

export function orderLine(order: Order): string {
  const names = order.items.map((item) => item.offeringName).join(', ');
  return `Order ${orderReferenceOf(order)} (${names}): ${orderStateWords[order.state] ?? order.state}.`;
}

export function orderStatusReply(orders: readonly Order[]): Reply {
  if (orders.length === 0) {
    return { blocks: [{ kind: 'text', text: 'I cannot find any orders of yours yet.' }] };
  }
  return { blocks: orders.map((order) => ({ kind: 'text' as const, text: orderLine(order) })) };
}
