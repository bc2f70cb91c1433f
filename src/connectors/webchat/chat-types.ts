import type { Namespace, Socket } from 'socket.io';
import type {
  ChatSocketData,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
} from './chat-events';

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  ChatSocketData
>;

export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  ChatSocketData
>;
