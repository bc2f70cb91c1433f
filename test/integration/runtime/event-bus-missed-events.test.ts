import { EventBus } from '../../../src/infra/events/event-bus';
import { createLogger } from '../../../src/infra/logger';
import { closeRedis, createRedisClient } from '../../../src/infra/redis/connection';
import type { RedisClient } from '../../../src/infra/redis/connection';

function waitUntil(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (test()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

describe('event bus: events missed while the subscriber was away', () => {
  const url = process.env.REDIS_URL as string;
  const channel = `test:events:${process.pid}:${Date.now()}`;
  let publisher: RedisClient;
  let subscriber: RedisClient;
  let admin: RedisClient;
  let bus: EventBus;
  let subscriberId: number;

  beforeAll(async () => {
    publisher = createRedisClient({ kind: 'single', url }, 'test-publisher');
    subscriber = createRedisClient({ kind: 'single', url }, 'test-subscriber');
    admin = createRedisClient({ kind: 'single', url }, 'test-admin');
    // Only this connection is cut: other suites share the Redis and keep their subscriptions.
    subscriberId = (await subscriber.call('CLIENT', 'ID')) as number;
    bus = new EventBus(publisher, subscriber, createLogger('silent'), channel);
    await bus.start();
  });

  afterAll(async () => {
    await bus.close();
    await Promise.all([closeRedis(publisher), closeRedis(subscriber), closeRedis(admin)]);
  });

  it('tells those who remember to forget once the subscription is back, and hears events again', async () => {
    let forgotten = 0;
    bus.onEventsMissed(() => {
      forgotten += 1;
    });
    expect(forgotten).toBe(0);

    // Redis drops the subscriber's connection, as a restart or a network cut would.
    await admin.call('CLIENT', 'KILL', 'ID', String(subscriberId));
    await waitUntil(() => forgotten === 1);

    const heard: string[] = [];
    bus.subscribe('catalog.changed', (event) => {
      heard.push(event.name);
    });
    // Another process's bus: publishing needs no subscription of its own.
    const other = new EventBus(publisher, admin, createLogger('silent'), channel);
    await waitUntil(() => (subscriber as { status?: string }).status === 'ready');
    await other.publish('catalog.changed', { resource: 'promotion', id: 'promo-winter-data' });
    await waitUntil(() => heard.length === 1);
    expect(forgotten).toBe(1);
  });
});
