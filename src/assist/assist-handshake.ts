import { z } from 'zod';
import type { UserService } from '../domain/users/user-service';
import type { TokenService } from '../infra/auth/tokens';
import type { AssistSocketData } from './assist-events';

const authSchema = z.object({ token: z.string().min(1).max(4096) });

export const assistHandshakeCodes = [
  'ASSIST_AUTH_REQUIRED',
  'ASSIST_TOKEN_INVALID',
  'ASSIST_FORBIDDEN',
] as const;
export type AssistHandshakeCode = (typeof assistHandshakeCodes)[number];

/** A refused connection; the console reads `err.data.code` in `connect_error`. */
export class AssistHandshakeError extends Error {
  readonly data: { code: AssistHandshakeCode };

  constructor(code: AssistHandshakeCode, message: string) {
    super(message);
    this.name = 'AssistHandshakeError';
    this.data = { code };
  }
}

/**
 * Who connects to `/assist`: a staff user whose token (from `POST /api/auth/sign-in`) is valid and
 * who is an agent or a supervisor, still active. Customers, API keys and other staff are refused.
 */
export async function authenticateAgent(
  auth: unknown,
  deps: { tokens: TokenService; users: () => UserService },
): Promise<AssistSocketData> {
  const parsed = authSchema.safeParse(auth ?? {});
  if (!parsed.success) {
    throw new AssistHandshakeError(
      'ASSIST_AUTH_REQUIRED',
      'Connect with auth.token from POST /api/auth/sign-in',
    );
  }
  const principal = await deps.tokens.verify(parsed.data.token);
  if (!principal)
    throw new AssistHandshakeError(
      'ASSIST_TOKEN_INVALID',
      'The token is not valid or has expired; sign in again',
    );
  const staff =
    principal.kind === 'user' &&
    principal.roles.some((role) => role === 'agent' || role === 'supervisor');
  if (!staff)
    throw new AssistHandshakeError(
      'ASSIST_FORBIDDEN',
      'The agent console is for agents and supervisors',
    );
  const user = await deps
    .users()
    .get(principal.id)
    .catch(() => undefined);
  if (!user?.active)
    throw new AssistHandshakeError('ASSIST_TOKEN_INVALID', 'This account cannot sign in');
  return {
    agentId: user.id,
    displayName: user.displayName,
    // The token's roles, which the user held when she signed in (a shift), as the HTTP API uses them.
    roles: principal.roles,
    queues: user.queues,
    supervisor: principal.roles.includes('supervisor'),
    maxConcurrent: user.maxConcurrent,
  };
}
