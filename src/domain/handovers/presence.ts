/** Whether an agent takes new conversations: only `available` agents are routed to. */
export const presenceStatuses = ['available', 'busy', 'away'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];

/** An agent's routing state: presence, the queues she serves, and how many conversations she holds. */
export interface AgentPresence {
  agentId: string;
  displayName: string;
  queues: string[];
  status: PresenceStatus;
  /** Conversations offered to or held by her now. */
  load: number;
  maxConcurrent: number;
  /** Set when she went away because her last console closed: reconnecting restores `resumeStatus`. */
  autoAway: boolean;
  updatedAt: Date;
}

/** The staff fields routing needs, copied from the user record on each connect. */
export interface RoutableAgent {
  id: string;
  displayName: string;
  queues: string[];
  maxConcurrent: number;
}
