import { countSegments } from '../../../../src/connectors/twilio/stand-in/segments';

describe('countSegments', () => {
  it('fits 160 GSM-7 characters in one segment and splits longer bodies by 153', () => {
    expect(countSegments('a'.repeat(160))).toBe(1);
    expect(countSegments('a'.repeat(161))).toBe(2);
    expect(countSegments('a'.repeat(306))).toBe(2);
    expect(countSegments('a'.repeat(307))).toBe(3);
  });

  it('counts extension characters twice', () => {
    expect(countSegments('€'.repeat(80))).toBe(1);
    expect(countSegments('€'.repeat(81))).toBe(2);
  });

  it('switches to UCS-2 (70, then 67 per segment) for other characters', () => {
    expect(countSegments('ł'.repeat(70))).toBe(1);
    expect(countSegments('ł'.repeat(71))).toBe(2);
    expect(countSegments('😀'.repeat(35))).toBe(1);
  });
});
