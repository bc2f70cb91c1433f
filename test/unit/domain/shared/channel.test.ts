import {
  catalogChannelOf,
  channelSchema,
  channels,
  customerChannels,
  describeChannel,
  fallbackChannelOf,
  identifiedChannels,
  isChannel,
  isPhoneIdentified,
  isStaffChannel,
  phoneChannels,
  promotionChannels,
} from '../../../../src/domain/shared/channel';

describe('channels', () => {
  it('lists every sales channel once, SMS, web chat, calls, self-care and the agent console among them', () => {
    expect(new Set(channels).size).toBe(channels.length);
    expect(channels).toEqual(
      expect.arrayContaining(['sms', 'webchat', 'voice', 'selfcare', 'agent']),
    );
  });

  it('recognises channels and nothing else', () => {
    expect(channels.every(isChannel)).toBe(true);
    expect(isChannel('email')).toBe(false);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel(undefined)).toBe(false);
    expect(channelSchema.safeParse('selfcare').success).toBe(true);
    expect(channelSchema.safeParse('SelfCare').success).toBe(false);
  });
});

/** Whatever channels the registry gains, each entry must make sense to the code that reads it. */
describe('the channel registry', () => {
  it.each(channels)(
    '%s: its fallback, catalog stand-in and consent name real things',
    (channel) => {
      const description = describeChannel(channel);
      const fallback = fallbackChannelOf(channel);
      if (description.agentFallback !== undefined) {
        expect(fallback).toBeDefined();
        // A fallback carries an agent's words itself: a message to her number.
        expect(describeChannel(fallback!).agentWrites).toBe('message');
      }
      expect(isChannel(catalogChannelOf(channel))).toBe(true);
      if (description.freeFormWindowHours !== undefined) {
        expect(description.freeFormWindowHours).toBeGreaterThan(0);
        expect(description.agentFallback).toBeDefined();
      }
    },
  );

  it.each(channels)('%s: replies it can carry are described consistently', (channel) => {
    const description = describeChannel(channel);
    // Without buttons, options are numbered in text and a bare number must answer them.
    if (!description.buttons) expect(description.numberedChoices).toBe(true);
    if (description.agentWrites === 'message') {
      expect(description.maxReplyLength).toBeGreaterThan(0);
      expect(isPhoneIdentified(channel)).toBe(true);
    }
    // Her words for it, never its id.
    expect(description.name).not.toBe(channel);
  });

  it('derives its groups from the descriptions', () => {
    expect(customerChannels).not.toContain('agent');
    expect(isStaffChannel('agent')).toBe(true);
    expect(isStaffChannel('sms')).toBe(false);
    expect(identifiedChannels).not.toContain('agent');
    expect(phoneChannels).toEqual(expect.arrayContaining(['sms', 'voice']));
    expect(phoneChannels).not.toContain('webchat');
    expect(promotionChannels).toContain('sms');
    for (const channel of promotionChannels) {
      expect(describeChannel(channel).marketingConsent).toBeDefined();
    }
    expect(fallbackChannelOf('webchat')).toBe('sms');
    expect(fallbackChannelOf('sms')).toBeUndefined();
  });
});
