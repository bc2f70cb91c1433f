import { parseSmsKeyword } from '../../../domain/messaging';

/** What an inbound SMS is, once the carrier keywords have had their say. */
export type InboundSmsRoute = 'opt-out' | 'opt-in' | 'help' | 'conversation';

/** Words that are only ever an opt-in: nobody answers a question with them. */
const ALWAYS_OPT_IN = new Set(['START', 'UNSTOP']);

const SURROUNDING_NOISE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * STOP and its kin always opt out. "YES" is an opt-in keyword too, but it is also how people answer
 * "Place this order?": it opts in only a number that is opted out (which the bot cannot be talking
 * to), and everywhere else it is her answer to the bot, and leaves her marketing consent alone.
 */
export async function routeInboundSms(
  body: string,
  numberOptedOut: () => Promise<boolean>,
): Promise<InboundSmsRoute> {
  const keyword = parseSmsKeyword(body);
  if (keyword === undefined) return 'conversation';
  if (keyword !== 'opt-in') return keyword;
  const word = body.replace(SURROUNDING_NOISE, '').toUpperCase();
  if (ALWAYS_OPT_IN.has(word)) return 'opt-in';
  return (await numberOptedOut()) ? 'opt-in' : 'conversation';
}
