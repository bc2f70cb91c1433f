import type { HandoverService } from '../domain/handovers/handover-service';
import { isHeld } from '../domain/handovers/handover';
import type { DomainEvent, DomainEventName } from '../domain/shared/events';
import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';
import type { PanelPatch } from './assist-events';
import { SUPERVISORS_ROOM, agentRoom, panelRoom, queueRoom } from './assist-rooms';
import type { AssistServices } from './assist-services';
import type { AssistNamespace } from './assist-types';
import type { PanelBuilder } from './panel-builder';
import { timelineEntry } from './views';

export interface EventSource {
  subscribe<N extends DomainEventName>(
    name: N,
    handler: (event: DomainEvent<N>) => void | Promise<void>,
  ): () => void;
}

export interface AssistLiveDeps {
  namespace: AssistNamespace;
  events: EventSource;
  handovers: () => HandoverService;
  services: () => AssistServices;
  panels: PanelBuilder;
  logger: Logger;
}

function partyOf(payload: {
  customerId?: string | undefined;
  visitorId?: string | undefined;
}): PartyRef | undefined {
  if (payload.customerId) return { customerId: payload.customerId };
  if (payload.visitorId) return { visitorId: payload.visitorId };
  return undefined;
}

/**
 * Keeps consoles current. Domain events reach every process, so each app node pushes only to its
 * own sockets (`local`): one delivery per console, whichever node or worker raised the event, and
 * a node with no console showing that customer does no work at all.
 */
export class AssistLive {
  private readonly unsubscribes: Array<() => void> = [];

  constructor(private readonly deps: AssistLiveDeps) {}

  start(): void {
    const { events } = this.deps;
    this.unsubscribes.push(
      events.subscribe('handover.changed', (event) => this.handoverChanged(event)),
      events.subscribe('agent.presenceChanged', (event) => this.presenceChanged(event)),
      events.subscribe('cart.updated', (event) => this.cartUpdated(event)),
      events.subscribe('interaction.recorded', (event) => this.interactionRecorded(event)),
      events.subscribe('order.created', (event) => this.ordersMoved(event.payload.customerId)),
      events.subscribe('order.stateChanged', (event) => this.ordersMoved(event.payload.customerId)),
      events.subscribe('order.completed', (event) => this.ordersMoved(event.payload.customerId)),
      events.subscribe('order.failed', (event) => this.ordersMoved(event.payload.customerId)),
      events.subscribe('customer.updated', (event) =>
        this.customerUpdated(event.payload.customerId),
      ),
      events.subscribe('quote.created', (event) => this.quoteCreated(event)),
    );
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** This node's sockets in a room (the adapter's local view). */
  private localIds(room: string): Set<string> {
    return this.deps.namespace.adapter.rooms.get(room) ?? new Set();
  }

  private hasLocal(room: string): boolean {
    return this.localIds(room).size > 0;
  }

  private emitPatch(party: PartyRef | string, patch: PanelPatch): void {
    this.deps.namespace.local.to(panelRoom(party)).emit('panel:patch', patch);
  }

  async handoverChanged(event: DomainEvent<'handover.changed'>): Promise<void> {
    const { handoverId, queue, assignedAgentId, previousAgentId } = event.payload;
    const agentRooms = [assignedAgentId, previousAgentId]
      .filter((id): id is string => !!id)
      .map(agentRoom);
    const rooms = [queueRoom(queue), SUPERVISORS_ROOM, ...agentRooms];
    if (!rooms.some((room) => this.hasLocal(room))) return;
    const handover = await this.deps.handovers().get(handoverId);
    const view = await this.deps.panels.handoverView(handover);
    this.deps.namespace.local.to(rooms).emit('handover:updated', view);

    const { namespace } = this.deps;
    const room = panelRoom(handover.party);
    if (previousAgentId && previousAgentId !== handover.assignedAgentId) {
      for (const id of this.localIds(agentRoom(previousAgentId)))
        namespace.sockets.get(id)?.leave(room);
    }
    if (!handover.assignedAgentId) return;
    const holderSockets = [...this.localIds(agentRoom(handover.assignedAgentId))];
    if (holderSockets.length === 0) return;
    if (isHeld(handover.status)) {
      for (const id of holderSockets) namespace.sockets.get(id)?.join(room);
      const panel = await this.deps.panels.panel(handover);
      namespace.local.to(agentRoom(handover.assignedAgentId)).emit('conversation', panel);
    } else {
      for (const id of holderSockets) namespace.sockets.get(id)?.leave(room);
    }
  }

  private presenceChanged(event: DomainEvent<'agent.presenceChanged'>): void {
    const { agentId, status, load } = event.payload;
    this.deps.namespace.local
      .to(SUPERVISORS_ROOM)
      .emit('agent:presence', { agentId, status, load });
  }

  async cartUpdated(event: DomainEvent<'cart.updated'>): Promise<void> {
    const party = partyOf(event.payload);
    if (!party || !this.hasLocal(panelRoom(party))) return;
    const cart = await this.deps.panels.cart(party);
    if (!cart) return;
    const offers = await this.deps.panels.offers(party, cart);
    this.emitPatch(party, { partyKey: partyKey(party), section: 'cart', cart, offers });
  }

  async interactionRecorded(event: DomainEvent<'interaction.recorded'>): Promise<void> {
    const party = partyOf(event.payload);
    if (!party || !this.hasLocal(panelRoom(party))) return;
    const entry = await this.deps.services().interactions.get(event.payload.interactionId);
    this.emitPatch(party, {
      partyKey: partyKey(party),
      section: 'timeline',
      entry: timelineEntry(entry),
    });
  }

  async ordersMoved(customerId: string): Promise<void> {
    const party = { customerId };
    if (!this.hasLocal(panelRoom(party))) return;
    const orders = await this.deps.panels.orders(party);
    this.emitPatch(party, { partyKey: partyKey(party), section: 'orders', orders });
  }

  async customerUpdated(customerId: string): Promise<void> {
    const party = { customerId };
    if (!this.hasLocal(panelRoom(party))) return;
    const customer = await this.deps.panels.customer(party);
    if (!customer) return;
    this.emitPatch(party, { partyKey: partyKey(party), section: 'customer', customer });
    // Subscriptions and segment decide eligibility: the offers may have changed with her.
    const offers = await this.deps.panels.offers(party, await this.deps.panels.cart(party));
    this.emitPatch(party, { partyKey: partyKey(party), section: 'offers', offers });
  }

  async quoteCreated(event: DomainEvent<'quote.created'>): Promise<void> {
    const party = partyOf(event.payload);
    if (!party || !this.hasLocal(panelRoom(party))) return;
    const quote = await this.deps.panels.quote(event.payload.cartId);
    if (quote) this.emitPatch(party, { partyKey: partyKey(party), section: 'quote', quote });
  }
}
