import type { HandoverService } from '../domain/handovers/handover-service';
import { isHeld } from '../domain/handovers/handover';
import { classifyHandover } from '../domain/handovers/handover-rules';
import type { HandoverStatus } from '../domain/handovers/handover';
import type { DomainEvent, DomainEventName } from '../domain/shared/events';
import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';
import type { PanelPatch } from './assist-events';
import { SUPERVISORS_ROOM, agentRoom, panelRoom, queueRoom } from './assist-rooms';
import type { AssistServices } from './assist-services';
import type { AssistNamespace } from './assist-types';
import type { PanelBuilder } from './panel-builder';
import { PanelCache } from './panel-cache';
import { handoverView, timelineEntry } from './views';

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
  private readonly readAhead = new PanelCache();
  /** Handovers this node has seen change lately (bounded). */
  private readonly recent = new Set<string>();

  constructor(private readonly deps: AssistLiveDeps) {}

  start(): void {
    const { events } = this.deps;
    this.unsubscribes.push(
      events.subscribe('handover.requested', (event) => this.handoverRequested(event)),
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

  /**
   * She asked for a person: while the handover is written and routed (on whichever process), a
   * node with consoles of its queue reads her panel ahead, so the agent it lands on sees it at once.
   */
  handoverRequested(event: DomainEvent<'handover.requested'>): void {
    // The bot writes and routes a handover before it raises the event: then it is too late.
    if (this.recent.has(event.payload.handoverId)) return;
    this.readAheadFor(partyOf(event.payload), classifyHandover(event.payload).queue);
  }

  private readAheadFor(party: PartyRef | undefined, queue: string): void {
    if (!party || !this.hasLocal(queueRoom(queue))) return;
    this.readAhead.warm(partyKey(party), () => this.deps.panels.sections(party));
  }

  private remember(handoverId: string): void {
    this.recent.add(handoverId);
    if (this.recent.size > 1_000) this.recent.delete(this.recent.values().next().value as string);
  }

  /** What a panel shows of her changed: a panel read ahead of it is read again. */
  private changed(party: PartyRef | undefined): void {
    if (party) this.readAhead.drop(partyKey(party));
  }

  async handoverChanged(event: DomainEvent<'handover.changed'>): Promise<void> {
    const { handoverId, queue, assignedAgentId, previousAgentId, status, listed } = event.payload;
    const agentRooms = [assignedAgentId, previousAgentId]
      .filter((id): id is string => !!id)
      .map(agentRoom);
    // The queue's consoles list what waits: a change that neither enters nor leaves that list
    // (routed on arrival, or between agents) is not theirs to hear.
    const rooms = [
      ...(listed === false ? [] : [queueRoom(queue)]),
      SUPERVISORS_ROOM,
      ...agentRooms,
    ];
    this.remember(handoverId);
    const party = partyOf(event.payload);
    // Read ahead for whoever took it: on this node, it is used now; on any other, never.
    const ahead = party ? this.readAhead.take(partyKey(party)) : undefined;
    if (!rooms.some((room) => this.hasLocal(room))) return;
    const { namespace, panels } = this.deps;
    // Her panel needs only who she is, which the event says: read it while the handover is read.
    const holderHere =
      !!assignedAgentId &&
      isHeld(status as HandoverStatus) &&
      this.hasLocal(agentRoom(assignedAgentId));
    // A read ahead that failed is read again, now.
    const readAhead = party && ahead ? ahead.catch(() => panels.sections(party)) : undefined;
    const header = readAhead
      ? readAhead.then((read) => read.customer)
      : party
        ? panels.customer(party)
        : Promise.resolve(undefined);
    const sections =
      party && holderHere ? (readAhead ?? panels.sections(party, header)) : undefined;
    // Not awaited yet: a failed read must not leave an unhandled rejection while `get` runs.
    header.catch(() => undefined);
    sections?.catch(() => undefined);
    const handover = await this.deps.handovers().get(handoverId);
    const samePartyRead = party !== undefined && partyKey(party) === partyKey(handover.party);
    const customer = samePartyRead ? await header : await panels.customer(handover.party);
    const view = handoverView(handover, customer?.name ?? handover.party.customerId ?? 'Visitor');
    namespace.local.to(rooms).emit('handover:updated', view);

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
      const read =
        sections && samePartyRead ? await sections : await panels.sections(handover.party);
      namespace.local
        .to(agentRoom(handover.assignedAgentId))
        .emit('conversation', panels.assemble(handover, read));
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
    this.changed(party);
    if (!party || !this.hasLocal(panelRoom(party))) return;
    const { panels } = this.deps;
    const stored = await this.deps.services().carts.findCart(event.payload.cartId);
    if (!stored) return;
    // Priced and ranked at once: the offers depend on what is in it, not on its prices.
    const [cart, offers] = await Promise.all([
      panels.pricedCart(stored),
      panels.offers(party, stored),
    ]);
    this.emitPatch(party, { partyKey: partyKey(party), section: 'cart', cart, offers });
  }

  async interactionRecorded(event: DomainEvent<'interaction.recorded'>): Promise<void> {
    const party = partyOf(event.payload);
    this.changed(party);
    // The bot and voice write her handover's entry before they raise it: read her panel ahead.
    if (event.payload.kind === 'handover')
      this.readAheadFor(
        party,
        classifyHandover({ channel: event.payload.channel, reason: '' }).queue,
      );
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
    this.changed(party);
    if (!this.hasLocal(panelRoom(party))) return;
    const orders = await this.deps.panels.orders(party);
    this.emitPatch(party, { partyKey: partyKey(party), section: 'orders', orders });
  }

  async customerUpdated(customerId: string): Promise<void> {
    const party = { customerId };
    this.changed(party);
    if (!this.hasLocal(panelRoom(party))) return;
    const customer = await this.deps.panels.customer(party);
    if (!customer) return;
    this.emitPatch(party, { partyKey: partyKey(party), section: 'customer', customer });
    // Subscriptions and segment decide eligibility: the offers may have changed with her.
    const offers = await this.deps.panels.offers(
      party,
      await this.deps.services().carts.findCartOf(party),
    );
    this.emitPatch(party, { partyKey: partyKey(party), section: 'offers', offers });
  }

  async quoteCreated(event: DomainEvent<'quote.created'>): Promise<void> {
    const party = partyOf(event.payload);
    this.changed(party);
    if (!party || !this.hasLocal(panelRoom(party))) return;
    const quote = await this.deps.panels.quote(event.payload.cartId);
    if (quote) this.emitPatch(party, { partyKey: partyKey(party), section: 'quote', quote });
  }
}
