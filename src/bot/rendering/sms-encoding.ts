/** GSM 03.38 basic set, one septet each. */
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38 extension table: an escape plus the character, two septets each. */
const gsmExtended = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2 (an emoji is two). */
  readonly units: number;
  readonly segments: number;
}

const unitsPerSegment: Record<SmsEncoding, { single: number; concatenated: number }> = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
};

/**
 * Measures a body as carriers bill it. Written here rather than imported from the Twilio stand-in,
 * which only returns a count: fitting a reply to a budget also needs the encoding and the units.
 */
export function measureSms(body: string): SmsMeasure {
  let septets = 0;
  for (const character of body) {
    if (gsmBasic.has(character)) septets += 1;
    else if (gsmExtended.has(character)) septets += 2;
    else return withSegments('UCS-2', body.length);
  }
  return withSegments('GSM-7', septets);
}

function withSegments(encoding: SmsEncoding, units: number): SmsMeasure {
  const { single, concatenated } = unitsPerSegment[encoding];
  const segments = units <= single ? 1 : Math.ceil(units / concatenated);
  return { encoding, units, segments };
}

/** The most units a body in this encoding may have and still fit in `segments` segments. */
export function unitBudget(encoding: SmsEncoding, segments: number): number {
  const { single, concatenated } = unitsPerSegment[encoding];
  return segments <= 1 ? single : segments * concatenated;
}
