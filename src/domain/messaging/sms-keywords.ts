/**
 * The carrier-mandated SMS keywords (CTIA; the same list Twilio's Advanced Opt-Out honours). A
 * message is a keyword only when it is the keyword alone: "stop." counts, "don't stop" does not.
 */
export type SmsKeyword = 'opt-out' | 'opt-in' | 'help';

const keywords = new Map<string, SmsKeyword>([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map(
    (word) => [word, 'opt-out'] as const,
  ),
  ...['START', 'YES', 'UNSTOP'].map((word) => [word, 'opt-in'] as const),
  ...['HELP', 'INFO'].map((word) => [word, 'help'] as const),
]);

// Phones add spaces and punctuation around a lone word ("Stop!", " STOP\n"); Twilio ignores them.
const SURROUNDING_NOISE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

export function parseSmsKeyword(body: string): SmsKeyword | undefined {
  const word = body.replace(SURROUNDING_NOISE, '').toUpperCase();
  return keywords.get(word);
}
