import type { ShortLinks } from '../infra/auth/short-links';

/** Long enough to open it after the call, short enough that a forwarded SMS soon stops working. */
export const SELF_CARE_LINK_TTL_SECONDS = 30 * 60;

/**
 * A short link (`/s/<id>`) that opens her cart in self-care, signed in as her: the id is stored
 * with its expiry and used once, and her session token is made only when it is opened in time
 * (see `/s/:id` in the portal pages). A token in the SMS itself took three segments.
 */
export async function selfCareLink(
  links: ShortLinks,
  baseUrl: string,
  customerId: string,
  ttlSeconds = SELF_CARE_LINK_TTL_SECONDS,
): Promise<string> {
  const id = await links.create(customerId, ttlSeconds);
  return `${baseUrl.replace(/\/$/, '')}/s/${id}`;
}
