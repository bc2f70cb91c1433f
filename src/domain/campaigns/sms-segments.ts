/**
 * SMS segment arithmetic (3GPP TS 23.038 / 23.040). A message in the GSM 03.38 default alphabet
 * takes 7-bit septets: 160 in one segment, 153 per segment once split (the UDH takes 7). Characters
 * of the extension table (`{ } [ ] ~ \ | ^ €` and form feed) take two septets. Anything else forces
 * UCS-2: 70 UTF-16 code units in one segment, 67 per segment once split.
 */
const gsmBasic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtension = '\f^{}\\[~]|€';

const basicSet = new Set(gsmBasic);
const extensionSet = new Set(gsmExtension);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Units left in the last segment before another one starts. */
  remainingInSegment: number;
  /** For UCS-2: the characters that forced it (at most 10), so the writer can replace them. */
  nonGsmCharacters: string[];
}

/** Septets the text takes in GSM-7, or undefined when it cannot be written in GSM-7. */
function gsmSeptets(text: string): { septets: number } | { nonGsm: string[] } {
  let septets = 0;
  const nonGsm = new Set<string>();
  for (const character of text) {
    if (basicSet.has(character)) septets += 1;
    else if (extensionSet.has(character)) septets += 2;
    else nonGsm.add(character);
  }
  return nonGsm.size > 0 ? { nonGsm: [...nonGsm] } : { septets };
}

function split(units: number, single: number, multi: number) {
  if (units <= single) return { segments: 1, remaining: single - units };
  const segments = Math.ceil(units / multi);
  return { segments, remaining: segments * multi - units };
}

export function countSmsSegments(text: string): SegmentCount {
  const gsm = gsmSeptets(text);
  if ('septets' in gsm) {
    const { segments, remaining } = split(gsm.septets, 160, 153);
    return {
      encoding: 'GSM-7',
      units: gsm.septets,
      segments,
      remainingInSegment: remaining,
      nonGsmCharacters: [],
    };
  }
  // Characters outside the BMP (emoji) take two code units, which `length` already counts.
  const { segments, remaining } = split(text.length, 70, 67);
  return {
    encoding: 'UCS-2',
    units: text.length,
    segments,
    remainingInSegment: remaining,
    nonGsmCharacters: gsm.nonGsm.slice(0, 10),
  };
}
