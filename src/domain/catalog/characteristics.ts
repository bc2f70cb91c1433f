import { AppError } from '../shared/errors';
import type {
  CharacteristicValue,
  CharacteristicValueType,
  ProductSpecCharacteristic,
  ProductSpecification,
} from './product-specification';

/** A full configuration: every characteristic of the specification with its chosen or default value. */
export type CharacteristicSelection = Readonly<Record<string, CharacteristicValue>>;

export function defaultCharacteristics(
  specification: ProductSpecification | undefined,
): CharacteristicSelection {
  const selection = new Map<string, CharacteristicValue>();
  for (const characteristic of specification?.productSpecCharacteristic ?? []) {
    const fallback = characteristic.productSpecCharacteristicValue.find((entry) => entry.isDefault);
    if (fallback) selection.set(characteristic.name, fallback.value);
  }
  return Object.fromEntries(selection);
}

function allowedValues(characteristic: ProductSpecCharacteristic): CharacteristicValue[] {
  return characteristic.productSpecCharacteristicValue.map((entry) => entry.value);
}

/** Channels send text ("20"); specifications hold typed values (20). Returns undefined when it cannot fit. */
function coerce(
  value: CharacteristicValue,
  valueType: CharacteristicValueType,
): CharacteristicValue | undefined {
  if (valueType === 'string') return String(value);
  const numeric =
    typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(numeric)) return undefined;
  if (valueType === 'integer' && !Number.isInteger(numeric)) return undefined;
  return numeric;
}

const typeWording: Record<CharacteristicValueType, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
};

function invalid(message: string, details: Record<string, unknown>): AppError {
  return new AppError('VALIDATION_FAILED', message, details);
}

function resolveOne(
  offeringName: string,
  characteristic: ProductSpecCharacteristic,
  requested: CharacteristicValue,
): CharacteristicValue {
  const allowed = allowedValues(characteristic);
  const details = { characteristic: characteristic.name, value: requested, allowedValues: allowed };
  const value = coerce(requested, characteristic.valueType);
  if (value === undefined) {
    throw invalid(
      `${characteristic.name} of ${offeringName} must be ${typeWording[characteristic.valueType]}`,
      {
        ...details,
        valueType: characteristic.valueType,
      },
    );
  }
  if (!characteristic.configurable) {
    const fixed = characteristic.productSpecCharacteristicValue.find(
      (entry) => entry.isDefault,
    )?.value;
    if (value !== fixed) {
      throw invalid(
        `${characteristic.name} of ${offeringName} is not configurable (always ${String(fixed)})`,
        details,
      );
    }
    return value;
  }
  if (allowed.length > 0 && !allowed.includes(value)) {
    throw invalid(
      `${String(requested)} is not an allowed ${characteristic.name} for ${offeringName}; choose one of ${allowed.join(', ')}`,
      details,
    );
  }
  return value;
}

/**
 * Validates a requested configuration against the specification and fills in defaults.
 * Throws VALIDATION_FAILED naming the characteristic and the values it accepts.
 */
export function resolveCharacteristics(
  offeringName: string,
  specification: ProductSpecification | undefined,
  requested: Readonly<Record<string, CharacteristicValue>>,
): CharacteristicSelection {
  const characteristics = specification?.productSpecCharacteristic ?? [];
  const byName = new Map(
    characteristics.map((characteristic) => [characteristic.name, characteristic]),
  );
  // A Map, not an object literal: names come from requests, and `__proto__` must stay just a name.
  const selection = new Map<string, CharacteristicValue>();

  for (const [name, value] of Object.entries(requested)) {
    const characteristic = byName.get(name);
    if (!characteristic) {
      throw invalid(`${offeringName} has no characteristic named ${name}`, {
        characteristic: name,
        knownCharacteristics: characteristics.map((known) => known.name),
      });
    }
    selection.set(name, resolveOne(offeringName, characteristic, value));
  }

  for (const characteristic of characteristics) {
    if (selection.has(characteristic.name)) continue;
    const fallback = characteristic.productSpecCharacteristicValue.find((entry) => entry.isDefault);
    if (!fallback) {
      throw invalid(`${characteristic.name} is required for ${offeringName}`, {
        characteristic: characteristic.name,
        allowedValues: allowedValues(characteristic),
      });
    }
    selection.set(characteristic.name, fallback.value);
  }
  return Object.fromEntries(selection);
}
