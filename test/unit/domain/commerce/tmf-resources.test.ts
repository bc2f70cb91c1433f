import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import type { Order } from '../../../../src/domain/commerce/order-model';
import { freezePricedItems } from '../../../../src/domain/commerce/priced-items';
import { priceCart } from '../../../../src/domain/commerce/pricing';
import { toTmfProductOrder } from '../../../../src/domain/commerce/tmf-resources';
import type { CartItem } from '../../../../src/domain/commerce/cart-model';
import { ids, july15, stacy, summerCampaign, telecomCatalog } from '../fixtures/telecom-catalog';

const items: CartItem[] = [
  {
    id: 'item-summer',
    action: 'add',
    offeringId: ids.summerDouble,
    quantity: 1,
    characteristics: {},
    addedOn: 'selfcare',
    addedAt: july15,
  },
  {
    id: 'item-plan',
    action: 'modify',
    offeringId: ids.unlimited30,
    subscriptionId: 'sub-stacy-mobile',
    quantity: 1,
    characteristics: {},
    addedOn: 'selfcare',
    addedAt: july15,
  },
];

function order(): Order {
  const price = priceCart({
    items,
    channel: 'selfcare',
    customer: stacy(),
    campaignId: summerCampaign,
    now: july15,
    snapshot: buildCatalogSnapshot(telecomCatalog()),
  });
  return {
    _id: 'po_123',
    customerId: 'cust-stacy',
    channel: 'selfcare',
    state: 'acknowledged',
    cartId: 'cart_1',
    cartVersion: 3,
    checkoutKey: 'cart:cart_1:v3',
    items: freezePricedItems(items, price),
    totals: price.totals,
    currency: price.currency,
    createdBy: { channel: 'selfcare' },
    orderDate: july15,
    lastUpdate: july15,
    stateHistory: [{ to: 'acknowledged', at: july15 }],
  };
}

describe('TMF622 ProductOrder mapping', () => {
  it('carries id, href, @type, channel, party and the order total split per charge type', () => {
    const tmf = toTmfProductOrder(order());
    expect(tmf).toMatchObject({
      id: 'po_123',
      href: '/tmf-api/productOrderingManagement/v4/productOrder/po_123',
      '@type': 'ProductOrder',
      state: 'acknowledged',
      orderDate: '2025-07-15T10:00:00.000Z',
      channel: [{ id: 'selfcare', '@referredType': 'SalesChannel' }],
      relatedParty: [
        {
          id: 'cust-stacy',
          role: 'customer',
          href: '/tmf-api/customerManagement/v4/customer/cust-stacy',
        },
      ],
    });
    expect(tmf.orderTotalPrice).toEqual([
      expect.objectContaining({
        priceType: 'recurring',
        recurringChargePeriod: 'month',
        price: { '@type': 'Price', taxIncludedAmount: { unit: 'EUR', value: 32.99 } },
      }),
      expect.objectContaining({
        priceType: 'oneTime',
        price: { '@type': 'Price', taxIncludedAmount: { unit: 'EUR', value: 10 } },
      }),
    ]);
  });

  it('shows each item price with its alterations, and modify items name the subscription', () => {
    const [summer, plan] = toTmfProductOrder(order()).productOrderItem;
    expect(summer?.productOffering).toEqual({
      id: ids.summerDouble,
      href: `/tmf-api/productCatalogManagement/v4/productOffering/${ids.summerDouble}`,
      name: 'Summer Data Double',
      '@referredType': 'ProductOffering',
    });
    expect(summer?.itemPrice[0]?.price.taxIncludedAmount).toEqual({ unit: 'EUR', value: 3 });
    expect(
      summer?.itemPrice[0]?.priceAlteration?.map((alteration) => [
        alteration.name,
        alteration.price.taxIncludedAmount.value,
      ]),
    ).toEqual([
      ['Self-care exclusive 20% off', -1],
      ['Summer SMS campaign: €1 off', -1],
    ]);
    expect(plan).toMatchObject({
      action: 'modify',
      product: {
        id: 'sub-stacy-mobile',
        productCharacteristic: [{ name: 'network', value: '5G', valueType: 'string' }],
      },
    });
    expect(
      plan?.itemTotalPrice.map((entry) => [entry.priceType, entry.price.taxIncludedAmount.value]),
    ).toEqual([
      ['recurring', 29.99],
      ['oneTime', 10],
    ]);
  });
});
