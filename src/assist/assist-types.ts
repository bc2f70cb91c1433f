import type { Namespace, Socket } from 'socket.io';
import type {
  AssistSocketData,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
} from './assist-events';
import type { LiveCallClientEvents, LiveCallServerEvents } from './live-call-events';

/** The console's events with the live call's beside them. */
type ClientEvents = ClientToServerEvents & LiveCallClientEvents;
type ServerEvents = ServerToClientEvents & LiveCallServerEvents;

export type AssistNamespace = Namespace<
  ClientEvents,
  ServerEvents,
  InterServerEvents,
  AssistSocketData
>;

export type AssistSocket = Socket<ClientEvents, ServerEvents, InterServerEvents, AssistSocketData>;
