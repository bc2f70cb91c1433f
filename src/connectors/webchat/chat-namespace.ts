import type { Server } from 'socket.io';
import { toAppError } from '../../infra/http/error-body';
import { ackedEvent } from '../../infra/socket-ack';
import type { PartyRef } from '../../domain/shared/party';
import { partyKey } from '../../domain/shared/party';
import { CHAT_NAMESPACE } from './chat-events';
import type { ChatErrorCode, ClientToServerEvents, SendMessageAck } from './chat-events';
import { authenticateChatHandshake, HandshakeError } from './chat-handshake';
import type { HandshakeDependencies } from './chat-handshake';
import type { ChatLimits } from './chat-limits';
import type { ChatMessageStore } from './chat-message-store';
import { toChatView } from './chat-message-store';
import { conversationIdOf, customerFromRooms, partyRoom } from './chat-rooms';
import type { ChatTurns } from './chat-turns';
import type { ChatNamespace, ChatSocket } from './chat-types';
import { parseSendMessage } from './send-message-payload';
import { TokenBucket } from './token-bucket';
import type { TurnAdmission } from './turn-admission';
import type { ChatTurnQueue } from './chat-turn-queue';

export interface ChatNamespaceDependencies extends HandshakeDependencies {
  store: ChatMessageStore;
  turns: ChatTurns;
  limits: ChatLimits;
  admission: TurnAdmission;
  /** With WEBCHAT_TURNS=workers: where stored messages go to be answered by a worker. */
  turnQueue?: ChatTurnQueue;
}

const ackableCodes: readonly ChatErrorCode[] = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
];

/** The `/chat` namespace of this node's socket.io server, typed. */
export function chatNamespaceOf(io: Server): ChatNamespace {
  // socket.io's Server is untyped in the runtime context; the namespace's events are typed here.
  return io.of(CHAT_NAMESPACE) as unknown as ChatNamespace;
}

/** Handshake, rooms, history on (re)connect, and `message:send` on the `/chat` namespace. */
export function serveChatNamespace(
  chat: ChatNamespace,
  dependencies: ChatNamespaceDependencies,
): void {
  const { logger } = dependencies;

  chat.use((socket, next) => {
    authenticateChatHandshake(socket.handshake.auth, dependencies).then(
      (data) => {
        socket.data = data;
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeError) return next(error);
        logger.error({ err: error }, 'web chat handshake failed');
        next(new Error('The chat is unavailable; try again shortly'));
      },
    );
  });

  chat.on('connection', (socket) => {
    const bucket = new TokenBucket(
      dependencies.limits.rateMessages,
      dependencies.limits.rateWindowMs,
    );
    socket.join(partyRoom(socket.data.party));
    socket.on('message:send', (...args: Parameters<ClientToServerEvents['message:send']>) => {
      // `emit('message:send', callback)` arrives with the callback first: it still gets its answer.
      const { payload, ack } = ackedEvent(args);
      handleSend(socket, bucket, payload, ack, dependencies).catch((error: unknown) => {
        logger.error({ err: error }, 'web chat message failed');
        ack(refusal('INTERNAL', 'The message could not be taken; send it again'));
      });
    });
    openSession(socket, dependencies).catch((error: unknown) =>
      logger.warn({ err: error }, 'web chat history could not be sent'),
    );
  });
}

async function openSession(socket: ChatSocket, dependencies: ChatNamespaceDependencies) {
  const party = socket.data.party;
  socket.emit('session', { kind: party.customerId ? 'customer' : 'visitor' });
  const history = await dependencies.store.history(
    conversationIdOf(party),
    dependencies.limits.historySize,
  );
  socket.emit('history', history);
  if (history.messages.length === 0) await dependencies.turns.greet(party);
}

async function handleSend(
  socket: ChatSocket,
  bucket: TokenBucket,
  raw: unknown,
  ack: (result: SendMessageAck) => void,
  dependencies: ChatNamespaceDependencies,
): Promise<void> {
  if (!bucket.take()) {
    const seconds = Math.ceil(bucket.retryAfterMs() / 1000);
    ack(refusal('RATE_LIMITED', `Too many messages; wait ${seconds} s and send again`));
    return;
  }
  let payload;
  try {
    payload = parseSendMessage(raw, dependencies.limits.maxTextLength);
  } catch (error) {
    const appError = toAppError(error);
    const code = ackableCodes.includes(appError.code as ChatErrorCode)
      ? (appError.code as ChatErrorCode)
      : 'VALIDATION_FAILED';
    ack(refusal(code, appError.message));
    return;
  }

  // Refused before anything is written when this node cannot serve it now: an acknowledged
  // message is always answered, so what cannot be answered in good time is not acknowledged.
  const { admission } = dependencies;
  if (!admission.admit()) {
    const retryAfterMs = admission.retryAfterMs();
    ack({
      ok: false,
      error: {
        code: 'BUSY',
        message: 'Lots of people are chatting right now. Sending again in a moment…',
        retryAfterMs,
      },
    });
    return;
  }
  const party = currentParty(socket);
  let recorded;
  try {
    recorded = await dependencies.store.recordInbound({
      conversationId: conversationIdOf(party),
      dedupeKey: `${socket.data.visitorId ? `visitor:${socket.data.visitorId}` : partyKey(party)}/${payload.clientId}`,
      ...payload,
      ...(dependencies.turnQueue ? { turn: 'queued' as const } : {}),
    });
  } catch (error) {
    admission.release();
    throw error;
  }
  const { message, duplicate } = recorded;
  ack({ ok: true, messageId: message._id, ...(duplicate ? { duplicate: true } : {}) });
  if (duplicate && message.turn !== 'failed') {
    admission.release();
    return;
  }
  if (duplicate) {
    await dependencies.store.setTurnStatus(
      message._id,
      dependencies.turnQueue ? 'queued' : 'received',
    );
  } else socket.to(partyRoom(party)).emit('message', toChatView(message));

  if (dependencies.turnQueue) {
    try {
      await dependencies.turnQueue.enqueue({
        messageId: message._id,
        party,
        session: {
          ...(socket.data.visitorId ? { visitorId: socket.data.visitorId } : {}),
          ...(socket.data.campaignId ? { campaignId: socket.data.campaignId } : {}),
        },
      });
      admission.release();
      return;
    } catch (error) {
      // Stored and acknowledged, so answered here rather than never.
      dependencies.logger.warn({ err: error }, 'web chat turn queue unavailable; answering here');
      const after = await admission.run(() =>
        dependencies.turns.answer(party, message, socket.data, 'answered'),
      );
      socket.data.party = after;
      return;
    }
  }

  const after = await admission.run(() => dependencies.turns.answer(party, message, socket.data));
  socket.data.party = after;
}

/** The socket's party, noticing a move to the customer's room made by another node. */
function currentParty(socket: ChatSocket): PartyRef {
  const party = socket.data.party;
  if (party.customerId) return party;
  const customer = customerFromRooms(socket.rooms);
  if (customer) socket.data.party = customer;
  return socket.data.party;
}

function refusal(code: ChatErrorCode, message: string): SendMessageAck {
  return { ok: false, error: { code, message } };
}
