import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { io as connectSocket } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { QueueDefinition } from '../../../src/infra/queues/queue-registry';
import type { RuntimeContext } from '../../../src/runtime';
import { startTestMongo } from '../../support/mongo';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

interface ActivationJob {
  orderId: string;
  customerId: string;
  holdMs?: number;
}

interface Activation {
  orderId: string;
  activatedAt: Date;
}
const activationSchema = new Schema<Activation>({
  orderId: { type: String, unique: true },
  activatedAt: Date,
});
const activations = (connection: Connection): Model<Activation> =>
  (connection.models.Activation as Model<Activation> | undefined) ??
  connection.model<Activation>('Activation', activationSchema);

/** A job that does what real jobs do: write through mongoose, then raise a domain event. */
function defineActivationQueue(context: RuntimeContext): void {
  const definition: QueueDefinition<ActivationJob, void> = {
    name: 'test-activation',
    process: async (job) => {
      if (job.data.holdMs) await new Promise((resolve) => setTimeout(resolve, job.data.holdMs));
      await activations(context.mongo.connection).create({
        orderId: job.data.orderId,
        activatedAt: new Date(),
      });
      await context.events.publish('order.completed', {
        orderId: job.data.orderId,
        customerId: job.data.customerId,
      });
    },
  };
  context.queues.define(definition);
}

function waitFor<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe('runtime: app node and worker process', () => {
  let mongo: Awaited<ReturnType<typeof startTestMongo>>;
  let app: TestRuntime;
  let worker: TestRuntime;
  let socket: Socket | undefined;

  beforeAll(async () => {
    mongo = await startTestMongo();
    app = await startTestRuntime({
      mongoUri: mongo.uri,
      runWorkers: false,
      configure: defineActivationQueue,
      configureApp: ({ io, events }) => {
        // Customers' sockets join a room of their own; order events are pushed into it.
        io.of('/orders-test').on('connection', (client) => {
          void client.join(`customer:${String(client.handshake.auth.customerId)}`);
        });
        events.subscribe('order.completed', (event) => {
          io.of('/orders-test')
            .to(`customer:${event.payload.customerId}`)
            .emit('order.completed', event.payload);
        });
      },
    });
    worker = await startTestRuntime({
      mongoUri: mongo.uri,
      role: 'worker',
      configure: defineActivationQueue,
    });
  });

  afterAll(async () => {
    socket?.disconnect();
    await app?.stop();
    await worker?.stop();
    await mongo?.stop();
  });

  it('is ready once MongoDB and Redis answer', async () => {
    const response = await fetch(`${app.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { mongodb: 'up', redis: 'up' },
    });
  });

  it('carries a job enqueued on the app node through the worker, into MongoDB and back to a socket', async () => {
    socket = connectSocket(`${app.url}/orders-test`, {
      auth: { customerId: 'cust-stacy' },
      transports: ['websocket'],
    });
    await waitFor(socket, 'connect');
    const pushed = waitFor<{ orderId: string; customerId: string }>(socket, 'order.completed');

    await app.queues
      .queue<ActivationJob>('test-activation')
      .add('activate', { orderId: 'PO-1001', customerId: 'cust-stacy' });

    expect(await pushed).toEqual({ orderId: 'PO-1001', customerId: 'cust-stacy' });
    const stored = await activations(app.mongo.connection).findOne({ orderId: 'PO-1001' }).lean();
    expect(stored?.activatedAt).toBeInstanceOf(Date);
  });

  it('does not push one customer’s events to another customer’s socket', async () => {
    const other = connectSocket(`${app.url}/orders-test`, {
      auth: { customerId: 'cust-other' },
      transports: ['websocket'],
    });
    try {
      await waitFor(other, 'connect');
      let leaked = false;
      other.on('order.completed', () => (leaked = true));
      const mine = waitFor(socket!, 'order.completed');
      await app.queues
        .queue<ActivationJob>('test-activation')
        .add('activate', { orderId: 'PO-1002', customerId: 'cust-stacy' });
      await mine;
      // The other socket shares the namespace and the node; the room keeps it out.
      expect(leaked).toBe(false);
    } finally {
      other.disconnect();
    }
  });
});

describe('runtime: graceful close', () => {
  it('finishes the job in flight before closing, so nothing accepted is lost', async () => {
    const mongo = await startTestMongo();
    const runtime = await startTestRuntime({
      mongoUri: mongo.uri,
      configure: defineActivationQueue,
    });
    try {
      const queue = runtime.queues.queue<ActivationJob>('test-activation');
      const job = await queue.add('activate', {
        orderId: 'PO-2001',
        customerId: 'cust-stacy',
        holdMs: 400,
      });
      while ((await job.getState()) !== 'active')
        await new Promise((resolve) => setTimeout(resolve, 10));

      await runtime.close();

      // The runtime is closed; read back through a fresh connection to the same database.
      const reader = await startTestRuntime({
        mongoUri: mongo.uri,
        runWorkers: false,
        configure: defineActivationQueue,
      });
      try {
        const stored = await activations(reader.mongo.connection)
          .findOne({ orderId: 'PO-2001' })
          .lean();
        expect(stored).not.toBeNull();
        const finished = await reader.queues
          .queue<ActivationJob>('test-activation')
          .getJob(job.id!);
        expect(await finished?.getState()).toBe('completed');
      } finally {
        await reader.stop();
      }
    } finally {
      await mongo.stop();
    }
  });
});
