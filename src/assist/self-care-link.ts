import type { TokenService } from '../infra/auth/tokens';

/** Long enough to open it after the call, short enough that a forwarded SMS soon stops working. */
export const SELF_CARE_LINK_TTL_SECONDS = 30 * 60;

/**
 * A link that opens her cart in self-care, signed in as her: a short-lived customer token in `t`.
 * The self-care page exchanges it for its session cookie (see the report on `/self-care?t=`).
 */
export async function selfCareLink(
  tokens: TokenService,
  baseUrl: string,
  customerId: string,
  ttlSeconds = SELF_CARE_LINK_TTL_SECONDS,
): Promise<string> {
  const token = await tokens.issue(
    { kind: 'customer', id: customerId, roles: ['customer'], customerId },
    ttlSeconds,
  );
  return `${baseUrl.replace(/\/$/, '')}/self-care?t=${encodeURIComponent(token)}`;
}
