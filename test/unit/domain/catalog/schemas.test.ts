import { channelRulesSchema } from '../../../../src/domain/catalog/channel-rules';
import { compatibilitySchema } from '../../../../src/domain/catalog/compatibility';
import { customerContextSchema } from '../../../../src/domain/catalog/customer-context';
import {
  productOfferingCreateSchema,
  productOfferingPatchSchema,
} from '../../../../src/domain/catalog/product-offering';
import {
  assertPriceShape,
  productOfferingPriceCreateSchema,
  productOfferingPricePatchSchema,
  toTmfPrice,
} from '../../../../src/domain/catalog/product-offering-price';
import {
  productSpecificationCreateSchema,
  productSpecificationPatchSchema,
} from '../../../../src/domain/catalog/product-specification';
import {
  promotionCreateSchema,
  promotionPatchSchema,
} from '../../../../src/domain/catalog/promotion';
import { stacy } from '../fixtures/telecom-catalog';

function issueMessages(result: {
  success: boolean;
  error?: { issues: { message: string }[] };
}): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe('ProductOffering create and patch schemas', () => {
  const minimal = { name: 'Data Boost' };

  it('creates with safe defaults: in design, sold nowhere, open to everyone', () => {
    const parsed = productOfferingCreateSchema.parse(minimal);
    expect(parsed).toMatchObject({
      version: '1.0',
      lifecycleStatus: 'In design',
      isBundle: false,
      channelRules: { sellableOn: [], visibleOn: [], priceAlterations: [] },
      eligibility: {},
      compatibility: { requires: [], excludes: [] },
    });
  });

  it('accepts the full TMF620 shape with the channel, eligibility and compatibility extension', () => {
    const result = productOfferingCreateSchema.safeParse({
      '@type': 'ProductOffering',
      id: 'po-summer-data-double',
      name: 'Summer Data Double',
      lifecycleStatus: 'Launched',
      validFor: { startDateTime: '2025-06-01T00:00:00Z', endDateTime: '2025-09-01T00:00:00Z' },
      productOfferingPrice: [{ id: 'pop-summer-data-double-monthly' }],
      category: [{ id: 'cat-add-ons', name: 'Add-ons' }],
      channelRules: {
        visibleOn: ['sms', 'selfcare'],
        sellableOn: ['selfcare'],
        priceAlterations: [
          {
            channel: 'selfcare',
            kind: 'percent',
            value: 20,
            appliesTo: 'recurring',
            name: 'Self-care exclusive',
          },
        ],
      },
      eligibility: { segment: 'consumer' },
      compatibility: { requires: ['po-unlimited-30gb'], excludes: [] },
    });
    expect(issueMessages(result)).toEqual([]);
  });

  it('keeps bundles consistent with their bundled offerings', () => {
    expect(
      issueMessages(productOfferingCreateSchema.safeParse({ ...minimal, isBundle: true })),
    ).toEqual(['a bundle must list its bundledProductOffering']);
    expect(
      issueMessages(
        productOfferingCreateSchema.safeParse({
          id: 'po-x',
          name: 'X',
          isBundle: true,
          bundledProductOffering: [{ id: 'po-x' }],
        }),
      ),
    ).toEqual(['a bundle cannot contain itself']);
  });

  it('rejects unknown fields, bad dates and reversed periods', () => {
    expect(productOfferingCreateSchema.safeParse({ ...minimal, colour: 'red' }).success).toBe(
      false,
    );
    expect(
      productOfferingCreateSchema.safeParse({ ...minimal, validFor: { startDateTime: 'tomorrow' } })
        .success,
    ).toBe(false);
    expect(
      issueMessages(
        productOfferingCreateSchema.safeParse({
          ...minimal,
          validFor: { startDateTime: '2025-09-01T00:00:00Z', endDateTime: '2025-06-01T00:00:00Z' },
        }),
      ),
    ).toEqual(['startDateTime must be before endDateTime']);
  });

  it('rejects an eligibility rule that is not a valid query', () => {
    expect(
      productOfferingCreateSchema.safeParse({ ...minimal, eligibility: { $where: 'true' } })
        .success,
    ).toBe(false);
  });

  it('patches only the fields sent, never resetting others to defaults, and cannot change the id', () => {
    expect(productOfferingPatchSchema.parse({ lifecycleStatus: 'Retired' })).toEqual({
      lifecycleStatus: 'Retired',
    });
    expect(productOfferingPatchSchema.safeParse({ id: 'po-other' }).success).toBe(false);
  });
});

describe('channel rules', () => {
  it('refuses an offering sellable on a channel where it is not visible', () => {
    const result = channelRulesSchema.safeParse({
      visibleOn: ['selfcare'],
      sellableOn: ['selfcare', 'sms'],
      priceAlterations: [],
    });
    expect(issueMessages(result)).toEqual([
      'sellable on sms but not visible there: a customer cannot buy what they cannot see',
    ]);
  });

  it('refuses a price alteration on a channel where the offering is not sold', () => {
    const result = channelRulesSchema.safeParse({
      visibleOn: ['selfcare', 'sms'],
      sellableOn: ['selfcare'],
      priceAlterations: [
        { channel: 'sms', kind: 'percent', value: 5, appliesTo: 'all', name: 'SMS deal' },
      ],
    });
    expect(issueMessages(result)).toEqual([
      'price alteration "SMS deal" targets sms, where the offering is not sellable',
    ]);
  });

  it('refuses a percent above 100 and a fixed amount "off everything"', () => {
    const rules = (alteration: object) =>
      channelRulesSchema.safeParse({
        visibleOn: ['selfcare'],
        sellableOn: ['selfcare'],
        priceAlterations: [{ channel: 'selfcare', name: 'Deal', ...alteration }],
      });
    expect(issueMessages(rules({ kind: 'percent', value: 120, appliesTo: 'all' }))).toEqual([
      'a percent discount cannot exceed 100',
    ]);
    expect(issueMessages(rules({ kind: 'amount', value: 500, appliesTo: 'all' }))).toEqual([
      "an amount discount must apply to 'oneTime' or 'recurring', not 'all'",
    ]);
    expect(rules({ kind: 'amount', value: 500, appliesTo: 'oneTime' }).success).toBe(true);
  });

  it('refuses unknown channels', () => {
    expect(
      channelRulesSchema.safeParse({ visibleOn: ['fax'], sellableOn: [], priceAlterations: [] })
        .success,
    ).toBe(false);
  });
});

describe('compatibility schema', () => {
  it('refuses requiring and excluding the same offering', () => {
    expect(compatibilitySchema.safeParse({ requires: ['po-a'], excludes: ['po-a'] }).success).toBe(
      false,
    );
  });
});

describe('ProductOfferingPrice schemas', () => {
  const monthlyFee = {
    name: 'Monthly fee',
    priceType: 'recurring',
    recurringChargePeriodType: 'month',
    price: {
      taxIncludedAmount: { unit: 'EUR', value: 29.99 },
      dutyFreeAmount: { unit: 'EUR', value: 24.38 },
      taxRate: 23,
    },
  };

  it('converts TMF decimal money into integer minor units and back', () => {
    const parsed = productOfferingPriceCreateSchema.parse(monthlyFee);
    expect(parsed.price).toEqual({
      taxIncludedAmount: { amount: 2999, currency: 'EUR' },
      dutyFreeAmount: { amount: 2438, currency: 'EUR' },
      taxRate: 23,
    });
    expect(parsed.price && toTmfPrice(parsed.price)).toEqual(monthlyFee.price);
  });

  it('refuses more decimals than the currency has instead of rounding a tariff', () => {
    const result = productOfferingPriceCreateSchema.safeParse({
      ...monthlyFee,
      price: { taxIncludedAmount: { unit: 'EUR', value: 29.999 } },
    });
    expect(issueMessages(result)).toEqual([
      '29.999 EUR has more decimals than the currency allows (2)',
    ]);
  });

  it('refuses tax-included and duty-free amounts in different currencies', () => {
    const result = productOfferingPriceCreateSchema.safeParse({
      ...monthlyFee,
      price: {
        taxIncludedAmount: { unit: 'EUR', value: 10 },
        dutyFreeAmount: { unit: 'GBP', value: 8 },
      },
    });
    expect(result.success).toBe(false);
  });

  it('defaults a recurring price to monthly, requires a unit for a usage amount, and nothing else', () => {
    // Every recurring charge in this catalog is monthly, so a recurring price that does not say is.
    expect(
      productOfferingPriceCreateSchema.parse({
        ...monthlyFee,
        recurringChargePeriodType: undefined,
      }).recurringChargePeriodType,
    ).toBe('month');
    expect(
      issueMessages(
        productOfferingPriceCreateSchema.safeParse({
          name: 'Out-of-bundle data',
          priceType: 'usage',
          price: { taxIncludedAmount: { unit: 'EUR', value: 0.02 } },
        }),
      ),
    ).toEqual(["unitOfMeasure is required for, and only for, priceType 'usage'"]);
    // TMF620's mandatory set: a usage price may be created before its amount and unit are agreed.
    expect(
      productOfferingPriceCreateSchema.safeParse({
        name: 'Out-of-bundle data',
        isBundle: false,
        priceType: 'usage',
      }).success,
    ).toBe(true);
    expect(
      productOfferingPriceCreateSchema.safeParse({
        name: 'Out-of-bundle data',
        priceType: 'usage',
        unitOfMeasure: { amount: 1, units: 'MB' },
        price: { taxIncludedAmount: { unit: 'EUR', value: 0.02 } },
      }).success,
    ).toBe(true);
    expect(() =>
      assertPriceShape({ priceType: 'oneTime', recurringChargePeriodType: 'month' }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('patches a single field without defaults', () => {
    expect(
      productOfferingPricePatchSchema.parse({
        price: { taxIncludedAmount: { unit: 'EUR', value: 24.99 } },
      }),
    ).toEqual({
      price: { taxIncludedAmount: { amount: 2499, currency: 'EUR' } },
    });
  });
});

describe('ProductSpecification schemas', () => {
  const dataSize = {
    name: 'dataSize',
    valueType: 'integer',
    configurable: true,
    productSpecCharacteristicValue: [
      { value: 10, unitOfMeasure: 'GB' },
      { value: 20, isDefault: true, unitOfMeasure: 'GB' },
    ],
  };

  it('accepts a configurable characteristic with one default', () => {
    const parsed = productSpecificationCreateSchema.parse({
      name: 'Data add-on',
      productSpecCharacteristic: [dataSize],
    });
    expect(parsed.productSpecCharacteristic[0]?.productSpecCharacteristicValue[0]?.isDefault).toBe(
      false,
    );
  });

  it('refuses values of the wrong type, two defaults, and duplicate names', () => {
    const wrongType = {
      ...dataSize,
      productSpecCharacteristicValue: [{ value: '20 GB', isDefault: true }],
    };
    expect(
      issueMessages(
        productSpecificationCreateSchema.safeParse({
          name: 'S',
          productSpecCharacteristic: [wrongType],
        }),
      ),
    ).toEqual(['value "20 GB" is not of type integer']);
    const twoDefaults = {
      ...dataSize,
      productSpecCharacteristicValue: [
        { value: 10, isDefault: true },
        { value: 20, isDefault: true },
      ],
    };
    expect(
      productSpecificationCreateSchema.safeParse({
        name: 'S',
        productSpecCharacteristic: [twoDefaults],
      }).success,
    ).toBe(false);
    expect(
      issueMessages(
        productSpecificationCreateSchema.safeParse({
          name: 'S',
          productSpecCharacteristic: [dataSize, dataSize],
        }),
      ),
    ).toEqual(['characteristic names must be unique']);
  });

  it('requires a fixed value for a non-configurable characteristic', () => {
    const fixed = {
      name: 'network',
      valueType: 'string',
      configurable: false,
      productSpecCharacteristicValue: [],
    };
    expect(
      productSpecificationCreateSchema.safeParse({ name: 'S', productSpecCharacteristic: [fixed] })
        .success,
    ).toBe(false);
  });

  it('patches without defaults', () => {
    expect(productSpecificationPatchSchema.parse({ name: 'Renamed' })).toEqual({ name: 'Renamed' });
  });
});

describe('Promotion schemas', () => {
  const summer = {
    name: 'Summer SMS campaign: €1 off',
    offeringIds: ['po-summer-data-double'],
    discount: { kind: 'amount', value: 100, appliesTo: 'recurring' },
    validFor: { startDateTime: '2025-06-01T00:00:00Z', endDateTime: '2025-09-01T00:00:00Z' },
    campaignId: 'cmp-summer-2025',
  };

  it('accepts a time-boxed, campaign-tied promotion', () => {
    expect(promotionCreateSchema.safeParse(summer).success).toBe(true);
  });

  it('requires both ends of the validity period: promotions are time-boxed', () => {
    const openEnded = { ...summer, validFor: { startDateTime: '2025-06-01T00:00:00Z' } };
    expect(promotionCreateSchema.safeParse(openEnded).success).toBe(false);
  });

  it('refuses a promotion on no offering or with a fractional amount', () => {
    expect(promotionCreateSchema.safeParse({ ...summer, offeringIds: [] }).success).toBe(false);
    expect(
      promotionCreateSchema.safeParse({ ...summer, discount: { ...summer.discount, value: 99.5 } })
        .success,
    ).toBe(false);
  });

  it('patches the discount alone', () => {
    const patch = { discount: { kind: 'percent', value: 10, appliesTo: 'all' } };
    expect(promotionPatchSchema.parse(patch)).toEqual(patch);
  });
});

describe('CustomerContext schema', () => {
  it('accepts the fixture customer and refuses a negative tenure', () => {
    expect(customerContextSchema.safeParse(stacy()).success).toBe(true);
    expect(customerContextSchema.safeParse(stacy({ tenureMonths: -1 })).success).toBe(false);
  });
});
