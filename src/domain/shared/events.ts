import type { Channel } from './channel';
/**
 * Domain events, named `entity.verb`, raised after the write they describe has succeeded.
 * Each context adds its events to this map; publishers and subscribers are typed by it.
 */
export interface DomainEventMap {
  'catalog.changed': {
    resource: 'productOffering' | 'productOfferingPrice' | 'productSpecification' | 'promotion';
    id: string;
  };
  'customer.created': { customerId: string };
  'customer.updated': { customerId: string };
  'visitor.linked': { visitorId: string; customerId: string; proof: 'sms-code' | 'campaign-link' };
  'interaction.recorded': {
    interactionId: string;
    customerId?: string;
    visitorId?: string;
    channel: string;
    kind: string;
  };
  'cart.updated': {
    cartId: string;
    customerId?: string;
    visitorId?: string;
    version: number;
    channel: string;
  };
  'quote.created': { quoteId: string; cartId: string; customerId?: string };
  'order.created': { orderId: string; customerId: string; channel: string };
  'order.stateChanged': { orderId: string; customerId: string; from: string; to: string };
  'order.completed': { orderId: string; customerId: string };
  'order.failed': { orderId: string; customerId: string; reason: string };
  'handover.requested': {
    handoverId: string;
    customerId?: string;
    channel: Channel;
    reason: string;
    /** Optional context; the assist side falls back to the handover's timeline entry. */
    visitorId?: string;
    summary?: string;
    queue?: string;
    priority?: 'urgent' | 'high' | 'normal';
    conversationId?: string;
  };
  /** A handover moved (created, offered, accepted, transferred, released, closed): assist views follow. */
  'handover.changed': {
    handoverId: string;
    status: string;
    queue: string;
    customerId?: string;
    visitorId?: string;
    assignedAgentId?: string;
    /** The agent who held or was offered it before this change, if another. */
    previousAgentId?: string;
    version: number;
    /**
     * False when the change neither puts it on nor takes it off its queue's waiting list (routed
     * on arrival, or moved between agents), so the queue's consoles need not hear of it.
     */
    listed?: boolean;
  };
  /** An agent's presence or load changed (supervisors' views). */
  'agent.presenceChanged': { agentId: string; status: string; load: number };
}

export type DomainEventName = keyof DomainEventMap;

export interface DomainEvent<N extends DomainEventName = DomainEventName> {
  id: string;
  name: N;
  payload: DomainEventMap[N];
  occurredAt: string;
}

export type DomainEventHandler<N extends DomainEventName> = (
  event: DomainEvent<N>,
) => void | Promise<void>;

/** The port the domain raises events through; infra fans them out across processes. */
export interface DomainEventPublisher {
  publish<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): Promise<void>;
}
