import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'omnichannel-sales-assist/webchat-visitor';
const DEFAULT_TTL_SECONDS = 180 * 24 * 3600;

export interface VisitorClaims {
  /** The visitor record's id (`vis_…`). */
  visitorId: string;
  /** The web-chat handle the visitor record is keyed by. */
  handle: string;
}

/**
 * The token a browser keeps in localStorage to stay the same visitor across reloads and tabs.
 * Signed (HS256) with a key of its own, derived from JWT_SECRET under a label, so a visitor token
 * is never accepted as a staff or customer token, nor the other way round.
 */
export class VisitorTokens {
  private readonly key: Uint8Array;

  constructor(
    key: string,
    private readonly ttlSeconds = DEFAULT_TTL_SECONDS,
  ) {
    if (key.length < 32) throw new Error('The visitor token key needs at least 32 characters');
    this.key = new TextEncoder().encode(key);
  }

  /** The key for visitor tokens, independent of every other key derived from the same secret. */
  static deriveKey(jwtSecret: string): string {
    return createHmac('sha256', jwtSecret)
      .update('omnichannel-sales-assist:webchat-visitor')
      .digest('base64url');
  }

  async issue(claims: VisitorClaims, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ hdl: claims.handle })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(claims.visitorId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a token this service signed and that has not expired; otherwise undefined. */
  async verify(token: string, now = new Date()): Promise<VisitorClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (typeof payload.sub === 'string' && typeof payload.hdl === 'string') {
        return { visitorId: payload.sub, handle: payload.hdl };
      }
    } catch {
      // Forged, expired or malformed: the caller refuses without saying which.
    }
    return undefined;
  }
}
