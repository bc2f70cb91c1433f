import { SignJWT, jwtVerify } from 'jose';
import { roles } from '../../domain/shared/principal';
import type { Principal, Role } from '../../domain/shared/principal';

const ISSUER = 'omnichannel-sales-assist';

/** Short-lived HS256 tokens for staff users and signed-in customers. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(principal: Principal, ttlSeconds: number): Promise<string> {
    return new SignJWT({
      kind: principal.kind,
      roles: principal.roles,
      customerId: principal.customerId,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The principal, or undefined for anything forged, expired or malformed. */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      const kind = payload.kind;
      const claimedRoles = Array.isArray(payload.roles) ? payload.roles : [];
      if ((kind !== 'user' && kind !== 'customer') || !payload.sub) return undefined;
      const validRoles = claimedRoles.filter((role): role is Role =>
        (roles as readonly unknown[]).includes(role),
      );
      return {
        kind,
        id: payload.sub,
        roles: validRoles,
        ...(typeof payload.customerId === 'string' ? { customerId: payload.customerId } : {}),
      };
    } catch {
      return undefined;
    }
  }
}
