/** Twilio's WhatsApp addresses are the E.164 number behind a `whatsapp:` prefix. */
const PREFIX = 'whatsapp:';

export function toWhatsappAddress(e164: string): string {
  return `${PREFIX}${e164}`;
}

/** The number in `whatsapp:+447700900123`; undefined for any other address. */
export function numberOfWhatsappAddress(address: string): string | undefined {
  if (!address.startsWith(PREFIX)) return undefined;
  const number = address.slice(PREFIX.length);
  return /^\+[1-9]\d{6,14}$/.test(number) ? number : undefined;
}
