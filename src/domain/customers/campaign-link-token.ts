import { SignJWT, jwtVerify } from 'jose';
import { AppError } from '../shared/errors';

const ISSUER = 'omnichannel-sales-assist/campaign-link';
const DEFAULT_TTL_SECONDS = 30 * 24 * 3600;

export interface CampaignLinkClaims {
  customerId: string;
  campaignId: string;
}

/**
 * The personal token inside a campaign SMS link: whoever opens the link is, with good probability,
 * the customer the SMS was sent to. Signed (HS256) with its own secret so tokens for user sessions
 * cannot be replayed as link proof and the other way round.
 */
export class CampaignLinkTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds = DEFAULT_TTL_SECONDS,
  ) {
    if (secret.length < 16)
      throw new Error('The campaign link secret needs at least 16 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async create(claims: CampaignLinkClaims, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ cmp: claims.campaignId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(claims.customerId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a token this service signed and that has not expired; anything else is refused. */
  async verify(token: string, now = new Date()): Promise<CampaignLinkClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (typeof payload.sub === 'string' && typeof payload.cmp === 'string') {
        return { customerId: payload.sub, campaignId: payload.cmp };
      }
    } catch {
      // refused below, without saying which check failed
    }
    throw new AppError('FORBIDDEN', 'The campaign link is not valid or has expired');
  }
}
