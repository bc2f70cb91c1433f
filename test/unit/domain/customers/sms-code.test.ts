import {
  generateSmsCode,
  hashSmsCode,
  smsCodeMatches,
} from '../../../../src/domain/customers/sms-code';

const secret = 'sms-code-secret-for-unit-tests';

describe('one-time SMS codes', () => {
  it('are six digits, leading zeros included', () => {
    const codes = Array.from({ length: 500 }, () => generateSmsCode());
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    // 500 draws from a million values: a repeat-heavy generator would show here.
    expect(new Set(codes).size).toBeGreaterThan(490);
  });

  it('are stored as a keyed hash that never contains the code', () => {
    const hash = hashSmsCode(secret, 'vis_1', '+447700900123', '042917');
    expect(hash).not.toContain('042917');
    expect(hash).not.toBe(
      hashSmsCode('another-secret-entirely', 'vis_1', '+447700900123', '042917'),
    );
  });

  it('match only the same code for the same visitor and number', () => {
    const stored = hashSmsCode(secret, 'vis_1', '+447700900123', '042917');
    expect(smsCodeMatches(secret, stored, 'vis_1', '+447700900123', '042917')).toBe(true);
    expect(smsCodeMatches(secret, stored, 'vis_1', '+447700900123', ' 042917 ')).toBe(true);
    expect(smsCodeMatches(secret, stored, 'vis_1', '+447700900123', '042918')).toBe(false);
    expect(smsCodeMatches(secret, stored, 'vis_2', '+447700900123', '042917')).toBe(false);
    expect(smsCodeMatches(secret, stored, 'vis_1', '+447700900456', '042917')).toBe(false);
  });
});
