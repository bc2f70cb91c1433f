import { channels, describeChannel, isChannel } from '../domain/shared/channel';
import type { Channel } from '../domain/shared/channel';
/**
 * What agents read, in plain words. Timeline entries and handover summaries are written by many
 * parts (the bot, voice, commerce, campaigns) in terms that suit a log: channel codes (`webchat`),
 * reason and disposition codes (`customer-asked`, `quote-sent`), ids (`ord_…`), button payloads
 * (`offer:po-summer-data-double`), event names (`handover.requested`) and currency codes. The desk
 * shows them through this one function, so every surface reads the same way.
 */

/** The desk's own short words for some channels; any other reads as the registry names it. */
const CHANNEL_WORDS: Partial<Record<Channel, string>> = {
  webchat: 'web chat',
  sms: 'SMS',
  selfcare: 'self-care',
  voice: 'phone',
  agent: 'agent desk',
};

/** `on webchat` reads `on web chat`; `on sms` reads `by SMS`; `on voice` reads `on the phone`. */
const CHANNEL_PHRASES: Partial<Record<Channel, string>> = {
  webchat: 'on web chat',
  sms: 'by SMS',
  selfcare: 'in self-care',
  voice: 'on the phone',
  agent: 'at the agent desk',
};

const channelCodes = channels.join('|');
const channelWords = (code: string) =>
  (isChannel(code) && (CHANNEL_WORDS[code] ?? describeChannel(code).name)) || code;
const channelPhrase = (code: string) =>
  (isChannel(code) && (CHANNEL_PHRASES[code] ?? describeChannel(code).inWords)) || code;
// Codes no sentence uses as a word (`webchat`, `selfcare`) read as words wherever they stand.
const compoundCodes = ['webchat', 'selfcare'].filter(isChannel).join('|');

export const REASON_WORDS: Record<string, string> = {
  'customer-asked': 'she asked for a person',
  'bot-stuck': 'the assistant did not understand her',
  'cannot-serve': 'the assistant cannot do this on her channel',
  'high-value-cart': 'a high-value cart',
  'voice-transfer': 'transferred from a call',
  'agent-opened': 'opened by an agent',
};

export const DISPOSITION_WORDS: Record<string, string> = {
  sale: 'Sale',
  'quote-sent': 'Quote sent',
  'link-sent': 'Link sent',
  callback: 'Call back',
  'not-interested': 'Not interested',
  resolved: 'Resolved',
  'no-answer': 'No answer',
  other: 'Other',
};

const CURRENCY_SIGNS: Record<string, string> = { GBP: '£', EUR: '€', USD: '$' };

const codes = (words: Record<string, string>) =>
  new RegExp(`\\b(${Object.keys(words).join('|')})\\b`, 'g');

/** `po-summer-data-double` → `Summer Data Double`: an offering's id read as its name. */
function nameFromSlug(slug: string): string {
  return slug
    .replace(/^po-/, '')
    .split('-')
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

export function plainWords(text: string, names: ReadonlyMap<string, string> = new Map()): string {
  const nameOf = (id: string) => names.get(id) ?? nameFromSlug(id);
  return (
    text
      // Button payloads: the offer she pressed, by name; any other, as what it was.
      .replace(/\boffer:(po-[a-z0-9-]+)/g, (_, id: string) => nameOf(id))
      .replace(/\b(?:choice|handover|action|opt):[a-z0-9-]+/g, 'a button')
      // Event names are the system's, not the agent's.
      .replace(
        /\b(?:handover|cart|order|quote|customer|interaction|agent|visitor|catalog)\.[a-z][A-Za-z]+\b/g,
        '',
      )
      // Ids: the order, quote or campaign itself is the point, not its key.
      .replace(/\bOrder [a-z]{2,5}_[A-Za-z0-9]+ placed/g, 'Order placed')
      .replace(/\bquoted [a-z]{2,5}_[A-Za-z0-9]+/g, 'sent a quote')
      .replace(/\bAttributed to campaign \S+/g, 'Came from a campaign')
      .replace(/\s?\b[a-z]{2,5}_[0-9a-z]{12,}\b/g, '')
      .replace(/\b(po-[a-z0-9-]+)\b/g, (_, id: string) => nameOf(id))
      // Reason and disposition codes.
      .replace(/Wrap-up \(([a-z-]+)\)/g, (whole, code: string) =>
        DISPOSITION_WORDS[code] ? `Wrap-up (${DISPOSITION_WORDS[code]})` : whole,
      )
      .replace(codes(REASON_WORDS), (code: string) => REASON_WORDS[code] ?? code)
      // Channels.
      .replace(new RegExp(`\\bon (${channelCodes})\\b`, 'g'), (_, code: string) =>
        channelPhrase(code),
      )
      .replace(
        new RegExp(`\\((${channelCodes})\\)`, 'g'),
        (_, code: string) => `(${channelWords(code)})`,
      )
      .replace(new RegExp(`\\b(${compoundCodes})\\b`, 'g'), (code: string) => channelWords(code))
      // Money as the desk writes it elsewhere: £5.00 a month, £20.00 one-off.
      .replace(
        /\b(\d+(?:\.\d+)?) (GBP|EUR|USD)(\/month| once)?/g,
        (_, amount: string, currency: string, per?: string) =>
          `${CURRENCY_SIGNS[currency]}${Number(amount).toFixed(2)}${
            per === '/month' ? ' a month' : per === ' once' ? ' one-off' : ''
          }`,
      )
      .replace(/\b1 item\(s\)/g, '1 item')
      .replace(/\b(\d+) item\(s\)/g, '$1 items')
      .replace(/ x(\d+)\b/g, (_, count: string) => (count === '1' ? '' : ` × ${count}`))
      .replace(/\s{2,}/g, ' ')
      .replace(/\s+([.,;:)])/g, '$1')
      .trim()
  );
}

/** Anything still reading like the system's own words (the tests hold every surface to it). */
export const RAW_WORDS =
  /\b(?:webchat|selfcare|customer-asked|bot-stuck|cannot-serve|high-value-cart|voice-transfer|quote-sent|link-sent|not-interested|no-answer)\b|\b[a-z]{2,5}_[0-9a-z]{12,}\b|\b(?:offer|choice|handover):[a-z0-9-]+|\bhandover\.[a-z]+|\bpo-[a-z0-9-]+|\b\d+(?:\.\d+)? (?:GBP|EUR|USD)\b/;
