import type { Config } from '../../infra/config';
import type { PublicBaseUrl } from './public-base-url';

export const REAL_TWILIO_API_BASE_URL = 'https://api.twilio.com';
export const STAND_IN_MOUNT_PATH = '/dev/twilio';

/** The account and endpoints every Twilio part uses; only these differ between Twilio and the stand-in. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  fromNumber: string;
  messagingServiceSid: string | undefined;
  /** True when this process must serve the stand-in (development and tests). */
  usesStandIn: boolean;
  apiBaseUrl(): string;
  publicBaseUrl: PublicBaseUrl;
}

export function resolveTwilioSettings(
  config: Config,
  publicBaseUrl: PublicBaseUrl,
): TwilioSettings {
  const usesStandIn = !config.TWILIO_API_BASE_URL && !config.isProduction;
  const configuredBaseUrl = config.TWILIO_API_BASE_URL?.replace(/\/+$/, '');
  return {
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    fromNumber: config.TWILIO_FROM_NUMBER,
    messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    usesStandIn,
    publicBaseUrl,
    // Read late: with port 0 the stand-in's address is only known once the server listens.
    apiBaseUrl: () =>
      configuredBaseUrl ??
      (usesStandIn ? publicBaseUrl.of(STAND_IN_MOUNT_PATH) : REAL_TWILIO_API_BASE_URL),
  };
}
