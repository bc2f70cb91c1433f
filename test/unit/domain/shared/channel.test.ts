import { channelSchema, channels, isChannel } from '../../../../src/domain/shared/channel';

describe('channels', () => {
  it('lists every sales channel once', () => {
    expect(channels).toEqual(['sms', 'webchat', 'voice', 'selfcare', 'agent']);
  });

  it('recognises channels and nothing else', () => {
    expect(channels.every(isChannel)).toBe(true);
    expect(isChannel('email')).toBe(false);
    expect(isChannel(undefined)).toBe(false);
    expect(channelSchema.safeParse('selfcare').success).toBe(true);
    expect(channelSchema.safeParse('SelfCare').success).toBe(false);
  });
});
