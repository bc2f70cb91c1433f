import { tryNormalisePhone } from '../shared/phone';

/**
 * A number in E.164 when it is written internationally (`+44 7700 900123` → `+447700900123`).
 * SMS numbers arrive from Twilio in E.164 already; no national default is guessed here, because a
 * wrong country would text a stranger.
 */
export function toE164(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed.startsWith('+') ? tryNormalisePhone(trimmed) : undefined;
}
