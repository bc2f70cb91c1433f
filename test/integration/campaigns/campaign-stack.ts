import { createApplicationFeatures } from '../../../src/features';
import type { CampaignsFeatureOptions } from '../../../src/features/campaigns';
import type { TwilioFeatureOptions } from '../../../src/features/twilio';
import type { Clock } from '../../../src/domain/shared/clock';

/**
 * The application as src/features.ts composes it, with faster SMS pacing and an optional clock for
 * campaigns: shared by the tests, the worker process the crash test kills, and the benchmark.
 */
export function createCampaignStack(
  options: {
    clock?: Clock;
    twilio?: Pick<TwilioFeatureOptions, 'outbound' | 'standInStatusStepMs'>;
    campaigns?: CampaignsFeatureOptions;
  } = {},
) {
  return createApplicationFeatures({
    twilio: {
      outbound: { backoffMs: 100, ratePerSecond: 200 },
      standInStatusStepMs: 20,
      ...options.twilio,
    },
    campaigns: { ...(options.clock ? { clock: options.clock } : {}), ...options.campaigns },
  });
}

export type CampaignStack = ReturnType<typeof createCampaignStack>;

/** A clock that runs in real time from a chosen instant; `set` jumps it, time keeps running. */
export function shiftedClock(startAt: Date | string): Clock & { set(to: Date | string): void } {
  let offset = new Date(startAt).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set: (to) => {
      offset = new Date(to).getTime() - Date.now();
    },
  };
}
