import { z } from 'zod';
import {
  catalogIdSchema,
  lifecycleStatusSchema,
  tmfPolymorphicFields,
  versionSchema,
} from './tmf-common';
import type { LifecycleStatus } from './tmf-common';

export const characteristicValueTypes = ['string', 'number', 'integer'] as const;

export type CharacteristicValueType = (typeof characteristicValueTypes)[number];

export type CharacteristicValue = string | number;

/** TMF620 ProductSpecificationCharacteristicValue: one allowed value, e.g. `20` `GB`. */
export interface ProductSpecCharacteristicValue {
  value: CharacteristicValue;
  isDefault: boolean;
  unitOfMeasure?: string;
}

/**
 * TMF620 ProductSpecificationCharacteristic. A configurable characteristic with no listed values
 * accepts any value of its type; a non-configurable one is fixed to its default.
 */
export interface ProductSpecCharacteristic {
  name: string;
  description?: string;
  valueType: CharacteristicValueType;
  configurable: boolean;
  productSpecCharacteristicValue: ProductSpecCharacteristicValue[];
}

export interface ProductSpecification {
  id: string;
  href?: string;
  name: string;
  description?: string;
  version: string;
  lastUpdate: string;
  lifecycleStatus: LifecycleStatus;
  productSpecCharacteristic: ProductSpecCharacteristic[];
}

function valueMatchesType(value: CharacteristicValue, valueType: CharacteristicValueType): boolean {
  if (valueType === 'string') return typeof value === 'string';
  if (valueType === 'integer') return Number.isInteger(value);
  return typeof value === 'number' && Number.isFinite(value);
}

export const productSpecCharacteristicSchema = z
  .strictObject({
    name: z.string().min(1).max(64),
    description: z.string().optional(),
    valueType: z.enum(characteristicValueTypes),
    configurable: z.boolean(),
    productSpecCharacteristicValue: z
      .array(
        z.strictObject({
          value: z.union([z.string().min(1), z.number()]),
          isDefault: z.boolean().default(false),
          unitOfMeasure: z.string().optional(),
        }),
      )
      .default(() => []),
  })
  .superRefine((characteristic, context) => {
    const values = characteristic.productSpecCharacteristicValue;
    values.forEach((entry, index) => {
      if (!valueMatchesType(entry.value, characteristic.valueType)) {
        context.addIssue({
          code: 'custom',
          message: `value ${JSON.stringify(entry.value)} is not of type ${characteristic.valueType}`,
          path: ['productSpecCharacteristicValue', index, 'value'],
        });
      }
    });
    const defaults = values.filter((entry) => entry.isDefault).length;
    if (defaults > 1) {
      context.addIssue({
        code: 'custom',
        message: 'at most one value may be the default',
        path: ['productSpecCharacteristicValue'],
      });
    }
    if (!characteristic.configurable && defaults !== 1) {
      context.addIssue({
        code: 'custom',
        message:
          'a non-configurable characteristic needs exactly one default value (its fixed value)',
        path: ['productSpecCharacteristicValue'],
      });
    }
  });

function namesAreUnique(characteristics: readonly { name: string }[]): boolean {
  return (
    new Set(characteristics.map((characteristic) => characteristic.name)).size ===
    characteristics.length
  );
}

const characteristicsSchema = z
  .array(productSpecCharacteristicSchema)
  .refine(namesAreUnique, 'characteristic names must be unique');

/** Fields without defaults, shared by create and patch (a patch must never reset omitted fields). */
const specificationFields = {
  ...tmfPolymorphicFields,
  id: catalogIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  version: versionSchema,
  lifecycleStatus: lifecycleStatusSchema,
  productSpecCharacteristic: characteristicsSchema,
};

export const productSpecificationCreateSchema = z.strictObject({
  ...specificationFields,
  id: specificationFields.id.optional(),
  version: specificationFields.version.default('1.0'),
  lifecycleStatus: specificationFields.lifecycleStatus.default('In design'),
  productSpecCharacteristic: specificationFields.productSpecCharacteristic.default(() => []),
});

export const productSpecificationPatchSchema = z
  .strictObject(specificationFields)
  .omit({ id: true })
  .partial();

export type ProductSpecificationCreate = z.output<typeof productSpecificationCreateSchema>;
export type ProductSpecificationPatch = z.output<typeof productSpecificationPatchSchema>;
