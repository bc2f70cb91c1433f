import { countSmsSegments } from '../../../../src/domain/campaigns/sms-segments';

describe('SMS segment counting', () => {
  it('fits 160 GSM-7 characters in one segment and splits at 153 after that', () => {
    expect(countSmsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(countSmsSegments('a'.repeat(161))).toMatchObject({ segments: 2, units: 161 });
    expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters (€, braces) as two septets', () => {
    expect(countSmsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160 });
    expect(countSmsSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('keeps £, é and ü in GSM-7', () => {
    expect(countSmsSegments('Café £5 für dich').encoding).toBe('GSM-7');
  });

  it('switches to UCS-2 for other characters: 70 in one segment, 67 per part', () => {
    const check = countSmsSegments(`Zoë ${'a'.repeat(66)}`);
    expect(check).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(check.nonGsmCharacters).toEqual(['ë']);
    expect(countSmsSegments(`ë${'a'.repeat(70)}`).segments).toBe(2);
    expect(countSmsSegments('ë'.repeat(134)).segments).toBe(2);
    expect(countSmsSegments('ë'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as two UTF-16 units', () => {
    expect(countSmsSegments('😀')).toMatchObject({ encoding: 'UCS-2', units: 2 });
  });
});
