import { toTmfMoney } from '../catalog/tmf-money';
import type { TmfMoney } from '../catalog/tmf-money';
import type { ChargeType } from '../catalog/discount';
import type { CharacteristicValue } from '../catalog/product-specification';
import { multiplyMoney } from '../shared/money';
import type { Money } from '../shared/money';
import type { PartyRef } from '../shared/party';
import type { ChargeSplit } from './pricing';

/** TMF resource paths, exactly as the published specs name them. */
export const tmfPaths = {
  shoppingCart: '/tmf-api/shoppingCart/v4/shoppingCart',
  quote: '/tmf-api/quoteManagement/v4/quote',
  productOrder: '/tmf-api/productOrderingManagement/v4/productOrder',
  cancelProductOrder: '/tmf-api/productOrderingManagement/v4/cancelProductOrder',
  productOffering: '/tmf-api/productCatalogManagement/v4/productOffering',
  customer: '/tmf-api/customerManagement/v4/customer',
} as const;

export interface TmfPriceAlteration {
  '@type': 'PriceAlteration';
  name: string;
  priceType: ChargeType;
  recurringChargePeriod?: 'month';
  price: { '@type': 'Price'; taxIncludedAmount: TmfMoney };
}

/** TMF's CartPrice / QuotePrice / OrderPrice: one charge type, with the alterations that shaped it. */
export interface TmfPrice {
  '@type': string;
  name?: string;
  priceType: ChargeType;
  recurringChargePeriod?: 'month';
  price: { '@type': 'Price'; taxIncludedAmount: TmfMoney };
  priceAlteration?: TmfPriceAlteration[];
}

/** What every priced line (cart, quote or order) offers the mapping. */
export interface PricedChargeLike {
  name: string;
  chargeType: ChargeType;
  unit: Money;
  line: Money;
  adjustments: ReadonlyArray<{ name: string; amount: Money }>;
}

const period = (chargeType: ChargeType) =>
  chargeType === 'recurring' ? { recurringChargePeriod: 'month' as const } : {};

/**
 * One TMF price per charge: `unit` for itemPrice, `line` (× quantity) for itemTotalPrice. Alteration
 * amounts are negative for reductions, as TMF shows them.
 */
export function chargePrices(
  type: string,
  charges: readonly PricedChargeLike[],
  pick: 'unit' | 'line',
  quantity: number,
): TmfPrice[] {
  return charges.map((charge) => ({
    '@type': type,
    name: charge.name,
    priceType: charge.chargeType,
    ...period(charge.chargeType),
    price: { '@type': 'Price', taxIncludedAmount: toTmfMoney(charge[pick]) },
    ...(charge.adjustments.length === 0
      ? {}
      : {
          priceAlteration: charge.adjustments.map((adjustment) => ({
            '@type': 'PriceAlteration' as const,
            name: adjustment.name,
            priceType: charge.chargeType,
            ...period(charge.chargeType),
            price: {
              '@type': 'Price' as const,
              taxIncludedAmount: toTmfMoney(
                pick === 'line' ? multiplyMoney(adjustment.amount, quantity) : adjustment.amount,
              ),
            },
          })),
        }),
  }));
}

/** Totals as TMF lists them: the monthly recurring charge and the one-time charge. */
export function totalPrices(type: string, totals: ChargeSplit): TmfPrice[] {
  return [
    {
      '@type': type,
      name: 'Total monthly charge',
      priceType: 'recurring',
      recurringChargePeriod: 'month',
      price: { '@type': 'Price', taxIncludedAmount: toTmfMoney(totals.recurring) },
    },
    {
      '@type': type,
      name: 'Total one-time charge',
      priceType: 'oneTime',
      price: { '@type': 'Price', taxIncludedAmount: toTmfMoney(totals.oneTime) },
    },
  ];
}

export function offeringRef(offeringId: string, name: string) {
  return {
    id: offeringId,
    href: `${tmfPaths.productOffering}/${offeringId}`,
    name,
    '@referredType': 'ProductOffering',
  };
}

export function productOf(
  characteristics: Readonly<Record<string, CharacteristicValue>>,
  subscriptionId?: string,
) {
  return {
    '@type': 'Product',
    ...(subscriptionId ? { id: subscriptionId } : {}),
    productCharacteristic: Object.entries(characteristics).map(([name, value]) => ({
      name,
      valueType: typeof value === 'number' ? 'number' : 'string',
      value,
    })),
  };
}

export function relatedPartyOf(party: PartyRef) {
  if (party.customerId) {
    return [
      {
        '@type': 'RelatedParty',
        id: party.customerId,
        href: `${tmfPaths.customer}/${party.customerId}`,
        role: 'customer',
        '@referredType': 'Customer',
      },
    ];
  }
  return [
    { '@type': 'RelatedParty', id: party.visitorId, role: 'visitor', '@referredType': 'Visitor' },
  ];
}
