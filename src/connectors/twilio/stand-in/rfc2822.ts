/** Twilio's date format: `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function toRfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
