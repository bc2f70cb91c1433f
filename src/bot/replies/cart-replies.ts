import { valueLabel } from './value-label';
import type { CartView } from '../../domain/commerce/cart-service';
import type { Order } from '../../domain/commerce/order-model';
import type { CartSummaryBlock, ChoiceOption, Reply, ReplyBlock } from '../rendering/reply';
import { actionValue, commandValue } from './values';

/** The catalog's unit of a characteristic value ("GB" for Data Boost's dataSize). */
export type UnitLookup = (offeringId: string, characteristic: string) => string | undefined;

const noUnits: UnitLookup = () => undefined;

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

export function cartReply(view: CartView, lead?: string, units: UnitLookup = noUnits): Reply {
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
  for (const problem of view.problems) blocks.push({ kind: 'text', text: problem.message });
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
  return `Order ${order._id} (${names}): ${orderStateWords[order.state] ?? order.state}.`;
}

export function orderStatusReply(orders: readonly Order[]): Reply {
  if (orders.length === 0) {
    return { blocks: [{ kind: 'text', text: 'I cannot find any orders of yours yet.' }] };
  }
  return { blocks: orders.map((order) => ({ kind: 'text' as const, text: orderLine(order) })) };
}
