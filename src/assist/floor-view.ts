import type { HandoverService } from '../domain/handovers/handover-service';
import type { AgentPresence } from '../domain/handovers/presence';
import type { PresenceService } from '../domain/handovers/presence-service';
import type { FloorView } from './assist-events';
import type { PanelBuilder } from './panel-builder';

/**
 * The supervisor's floor, read on demand: every queue with its wait, every agent with her load
 * and presence, every open conversation. Consoles re-read it when `handover:updated` or
 * `agent:presence` (both already sent to supervisors) say something moved.
 */
export async function floorView(deps: {
  handovers: HandoverService;
  presence: PresenceService;
  panels: PanelBuilder;
}): Promise<FloorView> {
  const [open, agents] = await Promise.all([deps.handovers.open(), deps.presence.list()]);
  const views = await Promise.all(open.map((handover) => deps.panels.handoverView(handover)));
  const queues = new Map<string, FloorView['queues'][number]>();
  const queueOf = (name: string) => {
    let entry = queues.get(name);
    if (!entry) {
      entry = { queue: name, waiting: 0, held: 0, available: 0 };
      queues.set(name, entry);
    }
    return entry;
  };
  for (const agent of agents) {
    for (const queue of agent.queues)
      if (agent.status === 'available') queueOf(queue).available += 1;
  }
  for (const view of views) {
    const entry = queueOf(view.queue);
    if (view.status === 'waiting') {
      entry.waiting += 1;
      if (!entry.oldestSince || view.createdAt < entry.oldestSince)
        entry.oldestSince = view.createdAt;
    } else entry.held += 1;
  }
  return {
    queues: [...queues.values()].sort((a, b) => a.queue.localeCompare(b.queue)),
    agents: agents.map(agentView),
    open: views,
  };
}

export function agentView(agent: AgentPresence): FloorView['agents'][number] {
  return {
    agentId: agent.agentId,
    displayName: agent.displayName,
    status: agent.status,
    load: agent.load,
    maxConcurrent: agent.maxConcurrent,
    queues: agent.queues,
  };
}

/** Who she could hand a conversation to: everyone signed in but herself. */
export async function colleaguesOf(
  presence: PresenceService,
  agentId: string,
): Promise<FloorView['agents']> {
  const agents = await presence.list();
  return agents.filter((agent) => agent.agentId !== agentId).map(agentView);
}
