import { ZodError } from 'zod';
import type { HandoverDesk } from '../domain/handovers/handover-desk';
import type { HandoverService } from '../domain/handovers/handover-service';
import type { PresenceService } from '../domain/handovers/presence-service';
import { AppError, isAppError } from '../domain/shared/errors';
import type { Logger } from '../infra/logger';
import type { TokenService } from '../infra/auth/tokens';
import type { UserService } from '../domain/users/user-service';
import { ackedEvent } from '../infra/socket-ack';
import {
  floorInputSchema,
  handoverRefSchema,
  presenceInputSchema,
  timelineInputSchema,
  typingInputSchema,
} from './action-inputs';
import { colleaguesOf, floorView } from './floor-view';
import type { PartyRef } from '../domain/shared/party';
import type { Ack, AgentSessionView, PanelView } from './assist-events';
import { authenticateAgent } from './assist-handshake';
import { SUPERVISORS_ROOM, agentRoom, panelRoom, queueRoom } from './assist-rooms';
import type { AssistNamespace, AssistSocket } from './assist-types';
import type { AgentActions, AgentActor } from './agent-actions';
import type { PanelBuilder } from './panel-builder';

export interface AssistNamespaceDeps {
  namespace: AssistNamespace;
  tokens: TokenService;
  users: () => UserService;
  handovers: () => HandoverService;
  presence: () => PresenceService;
  desk: () => HandoverDesk;
  actions: AgentActions;
  panels: PanelBuilder;
  logger: Logger;
  /** Shows (or hides) "<agent> is typing…" in the customer's chat. */
  agentTyping?: (party: PartyRef, on: boolean, agentName: string) => void;
}

function failure(error: unknown): Extract<Ack, { ok: false }> {
  if (error instanceof ZodError) {
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: error.issues
          .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
          .join('; '),
      },
    };
  }
  if (isAppError(error)) {
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    };
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; try again' } };
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

/**
 * The `/assist` namespace on one node: the handshake, what a console gets on (re)connect — her
 * session, her queues' waiting handovers and every conversation she holds with its full panel —
 * and one acknowledged socket event per agent action.
 */
export function serveAssistNamespace(deps: AssistNamespaceDeps): void {
  const { namespace, logger } = deps;

  namespace.use((socket, next) => {
    authenticateAgent(socket.handshake.auth, { tokens: deps.tokens, users: deps.users })
      .then((data) => {
        socket.data = data;
        next();
      })
      .catch((error: unknown) => {
        if (error instanceof Error && 'data' in error) next(error);
        else {
          logger.error({ err: error }, 'assist handshake failed');
          next(new Error('The agent console is unavailable; retry'));
        }
      });
  });

  namespace.on('connection', (socket) => {
    void welcome(socket).catch((error: unknown) => {
      logger.error({ err: error, agentId: socket.data.agentId }, 'assist welcome failed');
      socket.disconnect(true);
    });
    register(socket);
    socket.on('disconnect', () => {
      void deps
        .presence()
        .disconnected(socket.data.agentId, socket.id)
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'presence update after disconnect failed'),
        );
    });
  });

  async function welcome(socket: AssistSocket): Promise<void> {
    const data = socket.data;
    const handovers = deps.handovers();
    const load = await handovers.loadOf(data.agentId);
    const presence = await deps.presence().connected(
      {
        id: data.agentId,
        displayName: data.displayName,
        queues: data.queues,
        maxConcurrent: data.maxConcurrent,
      },
      load,
      socket.id,
    );
    await socket.join([
      agentRoom(data.agentId),
      ...data.queues.map(queueRoom),
      ...(data.supervisor ? [SUPERVISORS_ROOM] : []),
    ]);
    const session: AgentSessionView = {
      agent: {
        id: data.agentId,
        displayName: data.displayName,
        roles: data.roles,
        queues: data.queues,
        maxConcurrent: data.maxConcurrent,
      },
      presence: {
        status: presence.status,
        load: presence.load,
        maxConcurrent: presence.maxConcurrent,
      },
      supervisor: data.supervisor,
    };
    socket.emit('session', session);
    const [waiting, held] = await Promise.all([
      handovers.waiting(data.supervisor ? undefined : data.queues),
      handovers.heldBy(data.agentId),
    ]);
    socket.emit('queue', {
      waiting: await Promise.all(waiting.map((handover) => deps.panels.handoverView(handover))),
    });
    await socket.join(held.map((handover) => panelRoom(handover.party)));
    const panels = await Promise.all(held.map((handover) => deps.panels.panel(handover)));
    socket.emit('conversations', { items: panels });
    if (presence.status === 'available') await handovers.drain(data.queues);
    logger.info({ agentId: data.agentId, held: held.length }, 'agent console connected');
  }

  function register(socket: AssistSocket): void {
    const actor = () => actorOf(socket);
    const handle =
      <T extends Record<string, unknown>>(run: (input: unknown) => Promise<T>) =>
      (...args: unknown[]) => {
        const { payload, ack } = ackedEvent(args);
        // A synchronous throw in `run` must reach the ack too, so it runs inside the promise chain.
        Promise.resolve()
          .then(() => run(payload))
          .then((result) => ack({ ok: true, ...result } as Ack<T>))
          .catch((error: unknown) => {
            if (!isAppError(error) && !(error instanceof ZodError)) {
              logger.error({ err: error, agentId: socket.data.agentId }, 'agent action failed');
            }
            ack(failure(error));
          });
      };
    const panelOf = async (handoverId: string): Promise<{ panel: PanelView }> => {
      const handover = await deps.handovers().get(handoverId);
      await socket.join(panelRoom(handover.party));
      return { panel: await deps.panels.panel(handover) };
    };

    socket.on(
      'presence:set',
      handle(async (input) => {
        const { status } = presenceInputSchema.parse(input ?? {});
        const presence = await deps.presence().setStatus(socket.data.agentId, status);
        if (status === 'available') await deps.handovers().drain(presence.queues);
        // Away means away: her conversations go to a colleague or back to the bot.
        if (status === 'away')
          await deps.desk().agentLeft(socket.data.agentId, socket.data.displayName);
        const view = {
          status: presence.status,
          load: presence.load,
          maxConcurrent: presence.maxConcurrent,
        };
        socket.to(agentRoom(socket.data.agentId)).emit('presence', view);
        return { presence: view };
      }) as never,
    );
    socket.on(
      'handover:accept',
      handle(async (input) => panelOf((await deps.actions.accept(actor(), input)).id)) as never,
    );
    socket.on(
      'handover:decline',
      handle(async (input) => {
        await deps.actions.decline(actor(), input);
        return {};
      }) as never,
    );
    socket.on(
      'handover:transfer',
      handle(async (input) => {
        await deps.actions.transfer(actor(), input);
        return {};
      }) as never,
    );
    socket.on(
      'handover:release',
      handle(async (input) => {
        await deps.actions.release(actor(), input);
        return {};
      }) as never,
    );
    socket.on(
      'handover:close',
      handle(async (input) => {
        await deps.actions.close(actor(), input);
        return {};
      }) as never,
    );
    socket.on(
      'handover:open',
      handle(async (input) => panelOf((await deps.actions.open(actor(), input)).id)) as never,
    );
    socket.on(
      'panel:get',
      handle(async (input) => {
        const { handoverId } = handoverRefSchema.parse(input ?? {});
        await deps.actions.viewable(actor(), handoverId);
        return panelOf(handoverId);
      }) as never,
    );
    socket.on(
      'timeline:get',
      handle(async (input) => {
        const data = timelineInputSchema.parse(input ?? {});
        const handover = await deps.actions.viewable(actor(), data.handoverId);
        return {
          timeline: await deps.panels.timeline(handover.party, {
            ...(data.channel ? { channel: data.channel } : {}),
            ...(data.before ? { before: data.before } : {}),
          }),
        };
      }) as never,
    );
    socket.on(
      'cart:add',
      handle(async (input) => ({ cart: await deps.actions.addToCart(actor(), input) })) as never,
    );
    socket.on(
      'cart:update',
      handle(async (input) => ({
        cart: await deps.actions.updateCartItem(actor(), input),
      })) as never,
    );
    socket.on(
      'cart:remove',
      handle(async (input) => ({
        cart: await deps.actions.removeCartItem(actor(), input),
      })) as never,
    );
    socket.on(
      'cart:discount',
      handle(async (input) => ({ cart: await deps.actions.discount(actor(), input) })) as never,
    );
    socket.on(
      'offer:accept',
      handle(async (input) => ({ cart: await deps.actions.acceptOffer(actor(), input) })) as never,
    );
    socket.on(
      'offer:dismiss',
      handle(async (input) => ({
        offers: await deps.actions.dismissOffer(actor(), input),
      })) as never,
    );
    socket.on(
      'link:send',
      handle(async (input) => deps.actions.sendSelfCareLink(actor(), input)) as never,
    );
    socket.on(
      'order:place',
      handle(async (input) => ({ order: await deps.actions.placeOrder(actor(), input) })) as never,
    );
    socket.on('typing:set', (input: unknown) => {
      // Fire and forget: a lost typing signal is harmless, a wrong one is dropped here.
      const parsed = typingInputSchema.safeParse(input ?? {});
      if (!parsed.success || !deps.agentTyping) return;
      deps.actions
        .held(actor(), parsed.data.handoverId)
        .then((handover) => {
          if (handover.status === 'accepted')
            deps.agentTyping?.(handover.party, parsed.data.on, socket.data.displayName);
        })
        .catch(() => undefined);
    });
    socket.on(
      'floor:get',
      handle(async (input) => {
        floorInputSchema.parse(input ?? {});
        if (!socket.data.supervisor)
          throw new AppError('FORBIDDEN', 'The floor is for supervisors');
        return {
          floor: await floorView({
            handovers: deps.handovers(),
            presence: deps.presence(),
            panels: deps.panels,
          }),
        };
      }) as never,
    );
    socket.on(
      'colleagues:get',
      handle(async (input) => {
        floorInputSchema.parse(input ?? {});
        return { agents: await colleaguesOf(deps.presence(), socket.data.agentId) };
      }) as never,
    );
    socket.on(
      'handover:reassign',
      handle(async (input) => {
        await deps.actions.reassign(actor(), input);
        return {};
      }) as never,
    );
    socket.on(
      'quote:send',
      handle(async (input) => ({ quote: await deps.actions.sendQuote(actor(), input) })) as never,
    );
    socket.on(
      'message:send',
      handle(async (input) => ({ entry: await deps.actions.message(actor(), input) })) as never,
    );
  }
}
