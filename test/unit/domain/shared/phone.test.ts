import { normalisePhone, tryNormalisePhone } from '../../../../src/domain/shared/phone';
import { AppError } from '../../../../src/domain/shared/errors';

describe('phone normalisation', () => {
  it.each([
    ['+447700900123', '+447700900123'],
    ['07700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['(07700) 900 123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['  +44 7700 900 123  ', '+447700900123'],
  ])('reads %p as %p', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it('uses the default country only for national numbers', () => {
    expect(normalisePhone('085 123 4567', 'IE')).toBe('+353851234567');
    expect(normalisePhone('+353 85 123 4567', 'GB')).toBe('+353851234567');
  });

  it.each(['', 'stacy', '12', '+44 7700', '0770090012345678'])('refuses %p', (input) => {
    expect(tryNormalisePhone(input)).toBeUndefined();
    expect(() => normalisePhone(input)).toThrow(AppError);
  });

  it('says which value was refused', () => {
    try {
      normalisePhone('not a number');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect((error as AppError).details).toEqual({ phone: 'not a number' });
    }
  });
});
