import { z, ZodError } from 'zod';
import { isAppError } from '../domain/shared/errors';
import type { Logger } from '../infra/logger';
import { ackedEvent } from '../infra/socket-ack';
import { panelRoom } from './assist-rooms';
import type { AssistNamespace, AssistSocket } from './assist-types';
import type { AgentActions, AgentActor } from './agent-actions';
import type { LiveCallService } from './live-call-service';

const id = z.string().trim().min(1).max(128);
const handoverInput = z.strictObject({ handoverId: id });
const decisionInput = z.strictObject({ handoverId: id, suggestionId: id });

export interface LiveCallSocketDeps {
  namespace: AssistNamespace;
  actions: AgentActions;
  liveCalls: LiveCallService;
  logger: Logger;
}

function actorOf(socket: AssistSocket): AgentActor & { queues: string[] } {
  const data = socket.data;
  return {
    agentId: data.agentId,
    displayName: data.displayName,
    roles: data.roles,
    supervisor: data.supervisor,
    queues: data.queues,
  };
}

function failure(error: unknown) {
  if (error instanceof ZodError) {
    return {
      ok: false as const,
      error: {
        code: 'VALIDATION_FAILED' as const,
        message: error.issues
          .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
          .join('; '),
      },
    };
  }
  if (isAppError(error)) {
    return { ok: false as const, error: { code: error.code, message: error.message } };
  }
  return {
    ok: false as const,
    error: { code: 'INTERNAL' as const, message: 'Something went wrong; try again' },
  };
}

/** The console's live-call events: read the call so far, accept or dismiss a suggestion. */
export function serveLiveCallEvents(deps: LiveCallSocketDeps): void {
  deps.namespace.on('connection', (socket) => {
    const handle =
      (run: (input: unknown) => Promise<Record<string, unknown>>) =>
      (...args: unknown[]) => {
        const { payload, ack } = ackedEvent(args);
        Promise.resolve()
          .then(() => run(payload ?? {}))
          .then((result) => ack({ ok: true, ...result }))
          .catch((error: unknown) => {
            if (!isAppError(error) && !(error instanceof ZodError)) {
              deps.logger.error({ err: error }, 'live call action failed');
            }
            ack(failure(error));
          });
      };
    socket.on(
      'livecall:get',
      handle(async (input) => {
        const { handoverId } = handoverInput.parse(input);
        const handover = await deps.actions.viewable(actorOf(socket), handoverId);
        // Lines of this call reach her from now on, even before the panel is hers.
        await socket.join(panelRoom(handover.party));
        return { call: await deps.liveCalls.view(handoverId) };
      }) as never,
    );
    socket.on(
      'livecall:accept',
      handle(async (input) => {
        const { handoverId, suggestionId } = decisionInput.parse(input);
        return deps.liveCalls.accept(deps.actions, actorOf(socket), handoverId, suggestionId);
      }) as never,
    );
    socket.on(
      'livecall:dismiss',
      handle(async (input) => {
        const { handoverId, suggestionId } = decisionInput.parse(input);
        return deps.liveCalls.dismiss(deps.actions, actorOf(socket), handoverId, suggestionId);
      }) as never,
    );
  });
}
