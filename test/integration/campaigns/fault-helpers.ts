import type { Connection } from 'mongoose';
import { registerSmsMessageModel } from '../../../src/domain/messaging';
import { eventually } from './harness';
import type { CampaignNode, OutboxEntry } from './harness';

/** The stand-in's outbox to numbers starting with `prefix`, counted per number. */
export function perNumber(messages: OutboxEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message.to, (counts.get(message.to) ?? 0) + 1);
  return counts;
}

/** Waits until the outbox holds `expected` messages to numbers starting with `prefix`. */
export async function outboxFor(
  node: CampaignNode,
  prefix: string,
  expected: number,
  timeoutMs = 90_000,
): Promise<OutboxEntry[]> {
  return eventually(
    async () => {
      const messages = (await node.outbox()).filter((message) => message.to.startsWith(prefix));
      return messages.length >= expected ? messages : undefined;
    },
    timeoutMs,
    `${expected} messages in the outbox`,
  );
}

/** The stored marketing sends (SMS records) to numbers starting with `prefix`, oldest first. */
export async function storedSendTimes(connection: Connection, prefix: string): Promise<number[]> {
  const messages = await registerSmsMessageModel(connection)
    .find(
      { purpose: 'marketing', to: { $regex: `^${prefix.replace(/\+/g, '\\+')}` } },
      { createdAt: 1 },
    )
    .lean<Array<{ createdAt: Date }>>();
  return messages.map((message) => message.createdAt.getTime()).sort((a, b) => a - b);
}

/** The most stored sends in any one-second window [t, t + 1000 ms). */
export function busiestSecond(times: number[]): number {
  let busiest = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= 1000) start++;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

/** Sends per second from the first stored send to the last. */
export function averageRate(times: number[]): number {
  return (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
}
