import type { Namespace, Socket } from 'socket.io';
import type {
  AssistSocketData,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
} from './assist-events';

export type AssistNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  AssistSocketData
>;

export type AssistSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  AssistSocketData
>;
