import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

export interface OutboxEntry {
  sid: string;
  to: string;
  body: string;
  status: string;
}

export interface AppNode {
  runtime: TestRuntime;
  features: ApplicationFeatures;
  url: string;
}

/** The whole application with the demo catalog and customers, on port 0. */
export async function startAppNode(
  options: { env?: Record<string, string>; mongoUri?: string; seed?: boolean } = {},
): Promise<AppNode> {
  const features = createApplicationFeatures();
  const runtime = await startTestRuntime({
    ...(options.mongoUri ? { mongoUri: options.mongoUri } : {}),
    ...(options.env ? { env: options.env } : {}),
    configure: async (context) => {
      await features.configure(context);
      if (options.seed !== false) {
        await seedDemoData({
          catalog: features.catalog.services.catalog,
          customerModels: features.customers.services.models,
        });
      }
    },
    configureApp: features.configureApp,
  });
  return { runtime, features, url: runtime.url! };
}

export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met; last value: ${JSON.stringify(value, null, 1)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Texts the service from `from` through the Twilio stand-in, which signs the webhook as Twilio does. */
export async function textFrom(node: AppNode, from: string, body: string): Promise<string> {
  const response = await fetch(`${node.url}/dev/twilio/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  if (response.status !== 201)
    throw new Error(`inject failed: ${response.status} ${await response.text()}`);
  const { messageSid, webhookStatus } = (await response.json()) as {
    messageSid: string;
    webhookStatus: number;
  };
  if (webhookStatus !== 200) throw new Error(`webhook answered ${webhookStatus}`);
  return messageSid;
}

export async function outboxTo(node: AppNode, to: string): Promise<OutboxEntry[]> {
  const response = await fetch(`${node.url}/dev/twilio/messages`);
  const { messages } = (await response.json()) as { messages: OutboxEntry[] };
  // The outbox lists messages in the order the stand-in accepted them.
  return messages.filter((message) => message.to === to);
}

/** Sends one SMS and waits for the bot's answer to it (the next message to that number). */
export async function converse(node: AppNode, from: string, body: string): Promise<string> {
  const before = (await outboxTo(node, from)).length;
  await textFrom(node, from, body);
  const after = await eventually(
    () => outboxTo(node, from),
    (messages) => messages.length > before,
  );
  return after[before]!.body;
}

/**
 * Orders a test placed for this customer that are still on their way (no provisioning answers in
 * most bot tests): the bot rightly never sells them again, so each test starts without them.
 */
export async function forgetOpenOrders(node: AppNode, customerId: string): Promise<void> {
  await node.runtime.mongo.connection
    .collection('productOrders')
    .deleteMany({ customerId, state: { $in: ['acknowledged', 'inProgress'] } });
}
