import { z } from 'zod';
import type { IdentityService } from '../../domain/customers/identity-service';
import { AppError } from '../../domain/shared/errors';
import type { PartyRef } from '../../domain/shared/party';
import type { TokenService } from '../../infra/auth/tokens';
import type { Logger } from '../../infra/logger';
import type { ChatSocketData, HandshakeErrorCode } from './chat-events';
import type { VisitorTokens } from './visitor-tokens';

const handshakeAuthSchema = z.object({
  visitorToken: z.string().min(1).max(4096).optional(),
  customerToken: z.string().min(1).max(4096).optional(),
  campaignToken: z.string().min(1).max(4096).optional(),
});

/** A refused handshake; socket.io hands `message` and `data` to the client's `connect_error`. */
export class HandshakeError extends Error {
  readonly data: { code: HandshakeErrorCode };

  constructor(code: HandshakeErrorCode, message: string) {
    super(message);
    this.name = 'HandshakeError';
    this.data = { code };
  }
}

export interface HandshakeDependencies {
  visitorTokens: VisitorTokens;
  tokens: TokenService;
  identities: () => IdentityService;
  logger: Logger;
}

/**
 * Who is connecting, from `auth: { visitorToken, customerToken, campaignToken }`: a signed-in
 * customer (customer token), or the visitor the browser's token names, which is the customer once
 * that visitor was linked. A visitor or customer token that is present but not valid is refused,
 * never ignored. A campaign token (the `?c=` of a campaign SMS link, handed over by the landing
 * page) carries its campaign into the chat (its price, its cart) but never the identity of the
 * customer it was sent to: she is a visitor until she signs in. One that does not verify is only
 * logged, since the chat works without it.
 */
export async function authenticateChatHandshake(
  auth: unknown,
  dependencies: HandshakeDependencies,
): Promise<ChatSocketData> {
  const parsed = handshakeAuthSchema.safeParse(auth ?? {});
  if (!parsed.success) {
    throw new HandshakeError('CHAT_AUTH_REQUIRED', 'auth must carry visitorToken or customerToken');
  }
  const { visitorToken, customerToken, campaignToken } = parsed.data;
  if (!visitorToken && !customerToken) {
    throw new HandshakeError(
      'CHAT_AUTH_REQUIRED',
      'Connect with auth.visitorToken (POST /api/chat/visitors) or auth.customerToken',
    );
  }

  let customer: PartyRef | undefined;
  if (customerToken) {
    const principal = await dependencies.tokens.verify(customerToken);
    if (principal?.kind !== 'customer' || !principal.customerId) {
      throw new HandshakeError(
        'CUSTOMER_TOKEN_INVALID',
        'The customer token is not valid or has expired; sign in again',
      );
    }
    customer = { customerId: principal.customerId };
  }

  let visitorId: string | undefined;
  let visitorParty: PartyRef | undefined;
  if (visitorToken) {
    const claims = await dependencies.visitorTokens.verify(visitorToken);
    if (!claims) {
      throw new HandshakeError(
        'VISITOR_TOKEN_INVALID',
        'The visitor token is not valid or has expired; ask POST /api/chat/visitors for a new one',
      );
    }
    visitorParty = await dependencies.identities().resolve('webchat', claims.handle);
    visitorId = visitorParty.visitorId ?? claims.visitorId;
  }

  let campaignId: string | undefined;
  if (campaignToken) {
    const link = await campaignOf(campaignToken, dependencies);
    // The campaign prices her offer; who she is waits for her sign-in (a link is no proof of it).
    if (link && (!customer || customer.customerId === link.customerId))
      campaignId = link.campaignId;
  }

  const party = customer ?? visitorParty;
  if (!party) throw new HandshakeError('CHAT_AUTH_REQUIRED', 'Nobody to chat as');
  return { party, ...(visitorId ? { visitorId } : {}), ...(campaignId ? { campaignId } : {}) };
}

async function campaignOf(
  campaignToken: string,
  dependencies: HandshakeDependencies,
): Promise<{ customerId: string; campaignId: string } | undefined> {
  try {
    return await dependencies.identities().verifyCampaignToken(campaignToken);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    dependencies.logger.info({ code: error.code }, 'web chat campaign link not used');
    return undefined;
  }
}
