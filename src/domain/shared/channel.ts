import { z } from 'zod';

/**
 * Every channel a customer or agent can sell through. `agent` is the live assist panel (a human
 * acting for the customer); `voice` is the phone line before or without a human.
 */
export const channels = ['sms', 'webchat', 'voice', 'selfcare', 'agent'] as const;

export type Channel = (typeof channels)[number];

export const channelSchema = z.enum(channels);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (channels as readonly string[]).includes(value);
}
