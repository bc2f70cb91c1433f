import { z } from 'zod';
import { ConfigError } from '../../infra/config';
import type { Config } from '../../infra/config';
import { CONTENT_SID_PATTERN } from './content-sid';

export const REAL_CONTENT_API_BASE_URL = 'https://content.twilio.com';
/** Twilio's WhatsApp sandbox sender: what development and tests talk to through the stand-in. */
export const SANDBOX_SENDER = '+14155238886';

/**
 * The approved templates the stand-in holds from the start, under the names the service sends
 * (campaign promotions, order completions), so development needs no Meta approval round.
 */
export const STAND_IN_TEMPLATES = {
  promotion: 'HX00000000000000000000000000000001',
  'order-complete': 'HX00000000000000000000000000000002',
} as const;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +447700900123');

const templateMap = z
  .string()
  .transform((raw, context) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message:
          'must be a JSON object of template names to Content SIDs, e.g. {"promotion":"HX…"}',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().min(1).max(64),
      z.string().regex(CONTENT_SID_PATTERN, 'must be HX followed by 32 hex'),
    ),
  );

const section = z.object({
  /** The WhatsApp sender registered with Twilio; unset in production: no WhatsApp channel. */
  WHATSAPP_FROM_NUMBER: e164.optional(),
  /** Approved templates by the names the service sends: `promotion`, `order-complete`. */
  WHATSAPP_TEMPLATES: templateMap.optional(),
  /** Where the Content API lives (rich messages are created there): Twilio's, or the stand-in's. */
  WHATSAPP_CONTENT_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `off` leaves WhatsApp out even in development. */
  WHATSAPP: z.enum(['on', 'off']).optional(),
});

export interface WhatsappSettings {
  enabled: boolean;
  /** Her messages come from and go to `whatsapp:` + this number. */
  sender: string;
  templates: Readonly<Record<string, string>>;
  /** Read late: the stand-in's address is known once the server listens. */
  contentApiBaseUrl(twilioApiBaseUrl: string): string;
  freeFormWindowHours: number;
}

/** The connector's settings, parsed once at start-up; a bad value stops the start with its name. */
export function resolveWhatsappSettings(
  config: Config,
  options: { usesStandIn: boolean; freeFormWindowHours: number },
): WhatsappSettings {
  const parsed = section.safeParse(config.environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const sender = values.WHATSAPP_FROM_NUMBER ?? (options.usesStandIn ? SANDBOX_SENDER : undefined);
  const configuredContentApi = values.WHATSAPP_CONTENT_API_BASE_URL?.replace(/\/+$/, '');
  return {
    enabled: values.WHATSAPP !== 'off' && sender !== undefined,
    sender: sender ?? SANDBOX_SENDER,
    templates: values.WHATSAPP_TEMPLATES ?? (options.usesStandIn ? STAND_IN_TEMPLATES : {}),
    contentApiBaseUrl: (twilioApiBaseUrl) =>
      configuredContentApi ??
      (options.usesStandIn ? `${twilioApiBaseUrl}/content` : REAL_CONTENT_API_BASE_URL),
    freeFormWindowHours: options.freeFormWindowHours,
  };
}
