import { z } from 'zod';

/**
 * The marketing consents a customer can give or refuse, one per kind of promotional channel. A
 * channel names the one it needs; consent records keep one state per kind.
 */
export const marketingConsentKinds = ['sms', 'whatsapp'] as const;
export type MarketingConsentKind = (typeof marketingConsentKinds)[number];

/** How a customer agrees to an order: a click, her voice, a written reply to a message. */
export const orderAgreements = ['click', 'verbal', 'sms-reply', 'message-reply'] as const;
export type OrderAgreement = (typeof orderAgreements)[number];

/**
 * What the rest of the service needs to know about a channel, said once. The bot, assist, the
 * timeline, consent and pricing read these fields instead of comparing channel names, so adding a
 * channel is one entry here plus its connector; the mapped type below makes the compiler list
 * every entry a new channel still lacks.
 */
export interface ChannelDescription {
  /** Her words for it, for pages and the agent's panel: "text message", "web chat". */
  readonly name: string;
  /** Where she bought or can buy, said to her: "by text message", "in web chat". */
  readonly inWords: string;
  /** How a price on it is named to her: "online 20% off", "text price". */
  readonly priceWord: string;
  /** How she agrees to an order on it, as the order records it for distance-selling rules. */
  readonly orderAgreement: OrderAgreement;
  /** The prefix of its timeline lines: "SMS from customer", "Chat from agent". */
  readonly timelineLabel: string;
  /** Who talks on it: a customer (the bot may answer) or staff acting for her (`agent`). */
  readonly speaker: 'customer' | 'staff';
  /** What identifies her on it: a phone number (E.164), a portal account, a browser visitor. */
  readonly identity: 'phone' | 'account' | 'visitor' | 'none';
  /** How a bot reply is drawn: plain text, rich web bubbles with buttons, or speech. */
  readonly replies: 'text' | 'rich' | 'speech';
  /** Whether a reply can carry tappable buttons or lists (else options are numbered in text). */
  readonly buttons: boolean;
  /** Whether a bare "2" or "yes" answers the numbered options of the last reply. */
  readonly numberedChoices: boolean;
  /** The longest reply body the channel carries in one message, in characters. */
  readonly maxReplyLength?: number;
  /** How she proves who she is mid-conversation: by signing in there, or by the number she uses. */
  readonly signIn: 'in-conversation' | 'by-number';
  /** How an agent writes to her: into her open chat, as a message to her handle, or on the call. */
  readonly agentWrites: 'chat' | 'message' | 'call' | 'none';
  /** Where an agent's words go when this channel cannot carry them here (no chat on this node). */
  readonly agentFallback?: string;
  /** Timeline grain: every message, or the whole call as one interaction. */
  readonly timeline: 'per-message' | 'per-call';
  /** Handover: routed to its own queue and transferred (a call), or answered in place. */
  readonly handover: 'in-place' | 'call-transfer';
  /** The marketing consent that allows promotions on it, when promotions go out on it at all. */
  readonly marketingConsent?: MarketingConsentKind;
  /** Free-form messages only within this many hours of her last message (else templates). */
  readonly freeFormWindowHours?: number;
  /** Offer rules and prices: an offer that names no rule for this channel is read as this one's. */
  readonly catalogAs?: string;
}

/**
 * Every channel a customer or agent can sell through. `agent` is the live assist panel (a human
 * acting for the customer); `voice` is the phone line before or without a human.
 */
const registry = {
  sms: {
    name: 'text message',
    timelineLabel: 'SMS',
    inWords: 'by text message',
    priceWord: 'text',
    orderAgreement: 'sms-reply',
    speaker: 'customer',
    identity: 'phone',
    replies: 'text',
    buttons: false,
    numberedChoices: true,
    maxReplyLength: 1600,
    signIn: 'by-number',
    agentWrites: 'message',
    timeline: 'per-message',
    handover: 'in-place',
    marketingConsent: 'sms',
  },
  webchat: {
    name: 'web chat',
    timelineLabel: 'Chat',
    inWords: 'in web chat',
    priceWord: 'online',
    orderAgreement: 'click',
    speaker: 'customer',
    identity: 'visitor',
    replies: 'rich',
    buttons: true,
    numberedChoices: false,
    signIn: 'in-conversation',
    agentWrites: 'chat',
    agentFallback: 'sms',
    timeline: 'per-message',
    handover: 'in-place',
  },
  voice: {
    name: 'phone call',
    timelineLabel: 'Call',
    inWords: 'by phone',
    priceWord: 'phone',
    orderAgreement: 'verbal',
    speaker: 'customer',
    identity: 'phone',
    replies: 'speech',
    buttons: false,
    numberedChoices: true,
    signIn: 'by-number',
    agentWrites: 'call',
    agentFallback: 'sms',
    timeline: 'per-call',
    handover: 'call-transfer',
  },
  selfcare: {
    name: 'self-care',
    timelineLabel: 'Chat',
    inWords: 'in self-care',
    priceWord: 'self-care',
    orderAgreement: 'click',
    speaker: 'customer',
    identity: 'account',
    replies: 'rich',
    buttons: true,
    numberedChoices: false,
    signIn: 'in-conversation',
    agentWrites: 'chat',
    agentFallback: 'sms',
    timeline: 'per-message',
    handover: 'in-place',
  },
  whatsapp: {
    name: 'WhatsApp',
    timelineLabel: 'WhatsApp',
    inWords: 'on WhatsApp',
    priceWord: 'WhatsApp',
    orderAgreement: 'message-reply',
    speaker: 'customer',
    identity: 'phone',
    replies: 'text',
    buttons: true,
    numberedChoices: true,
    maxReplyLength: 1600,
    signIn: 'by-number',
    agentWrites: 'message',
    agentFallback: 'sms',
    timeline: 'per-message',
    handover: 'in-place',
    marketingConsent: 'whatsapp',
    freeFormWindowHours: 24,
    catalogAs: 'sms',
  },
  agent: {
    name: 'call centre',
    timelineLabel: 'Agent',
    inWords: 'with one of our advisers',
    priceWord: 'adviser',
    orderAgreement: 'click',
    speaker: 'staff',
    identity: 'none',
    replies: 'rich',
    buttons: true,
    numberedChoices: false,
    signIn: 'in-conversation',
    agentWrites: 'none',
    timeline: 'per-message',
    handover: 'in-place',
  },
} as const satisfies Record<string, ChannelDescription>;

/** The channel names, as the registry lists them (so a type, a zod enum and models agree). */
export type ChannelName = keyof typeof registry;
export type Channel = ChannelName;

export const channels = Object.keys(registry) as [Channel, ...Channel[]];

/** The channels a customer writes or speaks on herself (the bot may answer there). */
export type CustomerChannel = {
  [K in Channel]: (typeof registry)[K]['speaker'] extends 'customer' ? K : never;
}[Channel];

export const customerChannels = channels.filter(
  (channel) => registry[channel].speaker === 'customer',
) as [CustomerChannel, ...CustomerChannel[]];

export const customerChannelSchema = z.enum(customerChannels);

/** The channels on which a handle identifies a person (a number, an account, a visitor). */
export type IdentifiedChannel = {
  [K in Channel]: (typeof registry)[K]['identity'] extends 'none' ? never : K;
}[Channel];

export const identifiedChannels = channels.filter(
  (channel) => registry[channel].identity !== 'none',
) as [IdentifiedChannel, ...IdentifiedChannel[]];

/** Whether her handle on this channel is her phone number (E.164): SMS, calls, messaging apps. */
export function isPhoneIdentified(channel: Channel): boolean {
  return registry[channel].identity === 'phone';
}

/** Whether staff act on it for her (the agent console), rather than she herself. */
export function isStaffChannel(channel: Channel): boolean {
  return registry[channel].speaker === 'staff';
}

/** Every channel her mobile number identifies her on. */
export const phoneChannels = channels.filter(isPhoneIdentified) as IdentifiedChannel[];

export const channelSchema = z.enum(channels);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(registry, value);
}

/** The description of one channel: what it carries, who is on it, how she is known there. */
export function describeChannel(channel: Channel): ChannelDescription {
  return registry[channel];
}

/** Where an agent's words go when a channel cannot carry them on this node (web chat: her phone). */
export function fallbackChannelOf(channel: Channel): Channel | undefined {
  const fallback = registry[channel] as ChannelDescription;
  return isChannel(fallback.agentFallback) ? fallback.agentFallback : undefined;
}

/** The channel whose offer rules and prices this one uses when an offer names none for it. */
export function catalogChannelOf(channel: Channel): Channel {
  const description = registry[channel] as ChannelDescription;
  return isChannel(description.catalogAs) ? description.catalogAs : channel;
}

/** The channels promotions can go out on: those that name the marketing consent they need. */
export type PromotionChannel = {
  [K in Channel]: (typeof registry)[K] extends { marketingConsent: MarketingConsentKind }
    ? K
    : never;
}[Channel];

export const promotionChannels = channels.filter(
  (channel) => (registry[channel] as ChannelDescription).marketingConsent !== undefined,
) as [PromotionChannel, ...PromotionChannel[]];

export const promotionChannelSchema = z.enum(promotionChannels);

/** The channels whose description matches, in registry order (e.g. every phone-identified one). */
export function channelsWhere(test: (description: ChannelDescription) => boolean): Channel[] {
  return channels.filter((channel) => test(registry[channel]));
}
