import type { CharacteristicValue } from '../catalog/product-specification';
import type { Money } from '../shared/money';
import type { CartItem } from './cart-model';
import type { CartPrice, ChargeSplit } from './pricing';

/** One adjustment as quotes and orders keep it: enough to show and audit, frozen at that moment. */
export interface FrozenAdjustment {
  source: 'channel' | 'promotion' | 'agent';
  name: string;
  /** Customer words for it; absent on quotes and orders frozen before labels existed. */
  label?: string;
  amount: Money;
}

export interface FrozenCharge {
  priceId: string;
  name: string;
  chargeType: 'oneTime' | 'recurring';
  base: Money;
  adjustments: FrozenAdjustment[];
  unit: Money;
  line: Money;
}

/** A cart item with the price it had when it was quoted or ordered. */
export interface PricedItem {
  id: string;
  action: CartItem['action'];
  offeringId: string;
  offeringName: string;
  subscriptionId?: string;
  quantity: number;
  characteristics: Record<string, CharacteristicValue>;
  charges: FrozenCharge[];
  unit: ChargeSplit;
  line: ChargeSplit;
}

/** Freezes a priced cart into items that no later catalog change can alter. */
export function freezePricedItems(items: readonly CartItem[], price: CartPrice): PricedItem[] {
  return price.lines.map((line) => {
    const item = items.find((candidate) => candidate.id === line.itemId);
    return {
      id: line.itemId,
      action: line.action,
      offeringId: line.offeringId,
      offeringName: line.offeringName,
      ...(item?.subscriptionId ? { subscriptionId: item.subscriptionId } : {}),
      quantity: line.quantity,
      characteristics: { ...line.characteristics },
      charges: line.charges.map((charge) => ({
        priceId: charge.priceId,
        name: charge.name,
        chargeType: charge.chargeType,
        base: charge.base,
        adjustments: charge.adjustments.map((adjustment) => ({
          source: adjustment.source,
          name: adjustment.name,
          ...(adjustment.label === undefined ? {} : { label: adjustment.label }),
          amount: adjustment.amount,
        })),
        unit: charge.unit,
        line: charge.line,
      })),
      unit: line.unit,
      line: line.line,
    };
  });
}
