import { randomUUID } from 'node:crypto';
import type { RedisClient as Redis } from '../redis/connection';
import type {
  DomainEvent,
  DomainEventHandler,
  DomainEventMap,
  DomainEventName,
  DomainEventPublisher,
} from '../../domain/shared/events';
import type { Logger } from '../logger';

interface Envelope {
  origin: string;
  event: DomainEvent;
}

type AnyHandler = (event: DomainEvent) => void | Promise<void>;

/**
 * Typed domain events: delivered at once to handlers in this process, and through Redis pub/sub
 * to every other process (app nodes and workers), so an event raised in a worker reaches sockets
 * on any node. Pub/sub is fire-and-forget by design: events drive live views, while the state
 * they describe is already durable in MongoDB.
 */
export class EventBus implements DomainEventPublisher {
  private readonly origin = randomUUID();
  private readonly handlers = new Map<DomainEventName | '*', Set<AnyHandler>>();
  private started = false;
  private readonly gapHandlers = new Set<() => void>();
  private subscriberLost = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
    private readonly channel: string,
  ) {}

  async start(): Promise<void> {
    if (this.started) return;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      this.receive(message);
    });
    // Pub/sub keeps nothing for a subscriber that was away: after a dropped connection (ioredis
    // subscribes again on its own), whatever was remembered because "no event said otherwise"
    // may be wrong, so those who remember are told to forget.
    this.subscriber.on('close', () => {
      if (this.started) this.subscriberLost = true;
    });
    this.subscriber.on('ready', () => {
      if (!this.subscriberLost) return;
      this.subscriberLost = false;
      this.logger.warn(
        'domain events may have been missed while Redis was away; caches start over',
      );
      for (const handler of this.gapHandlers) {
        try {
          handler();
        } catch (error) {
          this.logger.error({ err: error }, 'a missed-events handler failed');
        }
      }
    });
    await this.subscriber.subscribe(this.channel);
    this.started = true;
  }

  /**
   * Called after the connection that hears other processes' events came back: events raised
   * meanwhile are gone, so state kept on the strength of them must be read again.
   */
  onEventsMissed(handler: () => void): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  async publish<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): Promise<void> {
    const event: DomainEvent<N> = {
      id: randomUUID(),
      name,
      payload,
      occurredAt: new Date().toISOString(),
    };
    this.dispatch(event as DomainEvent);
    const envelope: Envelope = { origin: this.origin, event: event as DomainEvent };
    await this.publisher.publish(this.channel, JSON.stringify(envelope));
  }

  subscribe<N extends DomainEventName>(name: N, handler: DomainEventHandler<N>): () => void {
    return this.addHandler(name, handler as AnyHandler);
  }

  subscribeAll(handler: (event: DomainEvent) => void | Promise<void>): () => void {
    return this.addHandler('*', handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    if (this.started) await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
    this.started = false;
  }

  private addHandler(key: DomainEventName | '*', handler: AnyHandler): () => void {
    const set = this.handlers.get(key) ?? new Set<AnyHandler>();
    set.add(handler);
    this.handlers.set(key, set);
    return () => set.delete(handler);
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      this.logger.warn('dropped an unreadable domain event from Redis');
      return;
    }
    // Our own events were already dispatched locally when published.
    if (envelope.origin === this.origin) return;
    this.dispatch(envelope.event);
  }

  private dispatch(event: DomainEvent): void {
    const targets = [...(this.handlers.get(event.name) ?? []), ...(this.handlers.get('*') ?? [])];
    for (const handler of targets) {
      Promise.resolve()
        .then(() => handler(event))
        .catch((error: unknown) =>
          this.logger.error({ err: error, event: event.name }, 'domain event handler failed'),
        );
    }
  }
}
