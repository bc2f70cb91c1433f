import type { CartView } from '../../domain/commerce/cart-service';
import type { Order } from '../../domain/commerce/order-model';
import type { CartSummaryBlock, ChoiceOption, Reply, ReplyBlock } from '../rendering/reply';
import { actionValue, commandValue } from './values';

function characteristicsLabel(characteristics: Record<string, string | number>): string {
  const values = Object.values(characteristics).map(String);
  return values.length > 0 ? ` (${values.join(', ')})` : '';
}

export function cartSummaryBlock(view: CartView): CartSummaryBlock {
  return {
    kind: 'cartSummary',
    lines: view.price.lines.map((line) => ({
      name: `${line.offeringName}${characteristicsLabel(unitsOf(line.characteristics, view))}`,
      quantity: line.quantity,
      ...(line.line.recurring.amount > 0 ? { recurring: line.line.recurring } : {}),
      ...(line.line.oneTime.amount > 0 ? { oneTime: line.line.oneTime } : {}),
    })),
    totals: view.price.totals,
  };
}

/** "20" reads as nothing; "20 GB" is what the customer chose. */
function unitsOf(
  characteristics: Readonly<Record<string, string | number>>,
  view: CartView,
): Record<string, string | number> {
  void view;
  const labelled: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(characteristics)) {
    labelled[name] = name.toLowerCase().includes('datasize') ? `${value} GB` : value;
  }
  return labelled;
}

export function cartReply(view: CartView, lead?: string): Reply {
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
  blocks.push(cartSummaryBlock(view));
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

export function cartItemOptions(view: CartView): ChoiceOption[] {
  return view.price.lines.map((line) => ({
    id: actionValue('item', line.itemId),
    label: `${line.offeringName}${characteristicsLabel(unitsOf(line.characteristics, view))}`,
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
