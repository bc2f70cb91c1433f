import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { KeyedLock } from '../../domain/shared/keyed-lock';
import type { PartyRef } from '../../domain/shared/party';
import type { QueueRegistry } from '../../infra/queues/queue-registry';
import type { ChatMessageStore } from './chat-message-store';
import { partyOfConversation } from './chat-rooms';
import type { ChatTurns } from './chat-turns';

export const WEBCHAT_TURNS_QUEUE = 'webchat-turns';

const chatTurnJobSchema = z.strictObject({
  messageId: z.string().min(1).max(128),
  party: z.union([
    z.strictObject({ customerId: z.string().min(1).max(128) }),
    z.strictObject({ visitorId: z.string().min(1).max(128) }),
  ]),
  session: z.strictObject({
    visitorId: z.string().min(1).max(128).optional(),
    campaignId: z.string().min(1).max(128).optional(),
  }),
});
export type ChatTurnJob = z.infer<typeof chatTurnJobSchema>;

/** Hands a stored web-chat message to whichever process runs the workers. */
export interface ChatTurnQueue {
  enqueue(job: ChatTurnJob): Promise<void>;
}

export interface ChatTurnQueueDependencies {
  store: () => ChatMessageStore;
  turns: () => ChatTurns;
  locks: KeyedLock;
}

/**
 * Web-chat bot turns on the job workers. A job does not answer only its own message: under her
 * conversation's lock it answers every message of hers still queued, oldest first, so two workers
 * picking up her quick second and third messages still answer them in the order she sent them
 * (the later job then finds nothing left to do). A failed turn apologises, as on the app node.
 */
export function defineChatTurnQueue(
  queues: QueueRegistry,
  dependencies: ChatTurnQueueDependencies,
): ChatTurnQueue {
  const queue: Queue<ChatTurnJob, void> = queues.define<ChatTurnJob, void>({
    name: WEBCHAT_TURNS_QUEUE,
    process: async (job) => answerQueued(chatTurnJobSchema.parse(job.data), dependencies),
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 500 } },
    worker: { concurrency: 16 },
  });
  return {
    async enqueue(job) {
      await queue.add('turn', job, { jobId: job.messageId });
    },
  };
}

async function answerQueued(job: ChatTurnJob, dependencies: ChatTurnQueueDependencies) {
  const store = dependencies.store();
  const own = await store.find(job.messageId);
  if (!own || own.turn !== 'queued') return;
  await dependencies.locks.withLock(`webchat-turns:${own.conversationId}`, async () => {
    // Read again under the lock: her conversation may have moved (she signed in) meanwhile.
    const current = await store.find(job.messageId);
    if (!current || current.turn !== 'queued') return;
    let party: PartyRef = partyOfConversation(current.conversationId) ?? job.party;
    for (const message of await store.queuedInbound(current.conversationId)) {
      party = await dependencies.turns().answer(party, message, job.session, 'answered');
    }
  });
}
