import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import {
  defaultCharacteristics,
  resolveCharacteristics,
} from '../../../../src/domain/catalog/characteristics';
import type { CharacteristicValue } from '../../../../src/domain/catalog/product-specification';
import { AppError } from '../../../../src/domain/shared/errors';
import { ids, july15, specifications, stacy, telecomCatalog } from '../fixtures/telecom-catalog';

const dataBoostSpec = specifications.find((specification) => specification.id === 'ps-data-boost');
const planSpec = specifications.find((specification) => specification.id === 'ps-mobile-plan');

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const resolveBoost = (requested: Record<string, CharacteristicValue>) =>
  resolveCharacteristics('Data Boost', dataBoostSpec, requested);

describe('characteristic validation against the specification', () => {
  it('fills in defaults for what was not chosen', () => {
    expect(resolveBoost({})).toEqual({ dataSize: 20 });
    expect(defaultCharacteristics(planSpec)).toEqual({ network: '5G' });
  });

  it('accepts an allowed value, also when a channel sends it as text', () => {
    expect(resolveBoost({ dataSize: 50 })).toEqual({ dataSize: 50 });
    expect(resolveBoost({ dataSize: '10' })).toEqual({ dataSize: 10 });
  });

  it('rejects a value outside the allowed list, naming the characteristic and the allowed values', () => {
    const error = failure(() => resolveBoost({ dataSize: 30 }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(
      '30 is not an allowed dataSize for Data Boost; choose one of 10, 20, 50',
    );
    expect(error.details).toEqual({
      characteristic: 'dataSize',
      value: 30,
      allowedValues: [10, 20, 50],
    });
  });

  it('rejects a value of the wrong type', () => {
    const error = failure(() => resolveBoost({ dataSize: 'lots' }));
    expect(error.message).toBe('dataSize of Data Boost must be a whole number');
    expect(error.details).toMatchObject({ characteristic: 'dataSize', valueType: 'integer' });
    expect(failure(() => resolveBoost({ dataSize: 20.5 })).code).toBe('VALIDATION_FAILED');
  });

  it('rejects changing a characteristic that is not configurable', () => {
    expect(resolveCharacteristics('Unlimited', planSpec, { network: '5G' })).toEqual({
      network: '5G',
    });
    const error = failure(() => resolveCharacteristics('Unlimited', planSpec, { network: '4G' }));
    expect(error.message).toBe('network of Unlimited is not configurable (always 5G)');
  });

  it('rejects an unknown characteristic, listing the known ones', () => {
    const error = failure(() => resolveBoost({ speed: 'fast' }));
    expect(error.details).toEqual({ characteristic: 'speed', knownCharacteristics: ['dataSize'] });
  });

  it('rejects any characteristic for an offering without a specification', () => {
    expect(failure(() => resolveCharacteristics('Week Pass', undefined, { zone: 'EU' })).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('requires a configurable characteristic that has no default', () => {
    const spec = {
      ...dataBoostSpec!,
      productSpecCharacteristic: [
        {
          name: 'simType',
          valueType: 'string' as const,
          configurable: true,
          productSpecCharacteristicValue: [
            { value: 'eSIM', isDefault: false },
            { value: 'physical', isDefault: false },
          ],
        },
      ],
    };
    const error = failure(() => resolveCharacteristics('SIM', spec, {}));
    expect(error.message).toBe('simType is required for SIM');
    expect(error.details).toEqual({
      characteristic: 'simType',
      allowedValues: ['eSIM', 'physical'],
    });
  });

  it('keeps a characteristic named like an object property as plain data', () => {
    const spec = {
      ...dataBoostSpec!,
      productSpecCharacteristic: [
        {
          name: '__proto__',
          valueType: 'string' as const,
          configurable: true,
          productSpecCharacteristicValue: [],
        },
      ],
    };
    const selection = resolveCharacteristics('Odd', spec, JSON.parse('{"__proto__":"x"}'));
    expect(Object.getPrototypeOf(selection)).toBe(Object.prototype);
    expect(Object.entries(selection)).toEqual([['__proto__', 'x']]);
  });
});

describe('characteristic-dependent prices', () => {
  const snapshot = buildCatalogSnapshot(telecomCatalog());
  const priceOf = (dataSize: number) =>
    snapshot.priceConfiguration({
      offeringId: ids.dataBoost,
      characteristics: { dataSize },
      channel: 'voice',
      customer: stacy(),
      now: july15,
    }).price.recurring.amount;

  it('prices Data Boost per data size', () => {
    expect([priceOf(10), priceOf(20), priceOf(50)]).toEqual([499, 799, 1499]);
  });
});
