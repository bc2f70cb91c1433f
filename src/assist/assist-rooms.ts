import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';

/** Every console of one agent, on any node. */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}

/** Every agent serving a queue sees what waits in it. */
export function queueRoom(queue: string): string {
  return `queue:${queue}`;
}

/** Supervisors see every queue and every agent. */
export const SUPERVISORS_ROOM = 'supervisors';

/** The consoles showing this party's panel: they get its live patches. */
export function panelRoom(party: PartyRef | string): string {
  return `panel:${typeof party === 'string' ? party : partyKey(party)}`;
}
