import type { AppContext, RuntimeContext } from '../runtime';

/**
 * One capability the service wires (customers, the bot, a channel connector…): what it is called,
 * which others it uses while it configures, and its two set-up steps. What it uses only later, at
 * run time (a webhook calling the bot), it reaches through the services it was given and need not
 * declare: those are all configured before the first request or job arrives.
 */
export interface Capability {
  readonly name: string;
  /** Capabilities whose services this one calls while configuring: they are set up before it. */
  readonly needs: readonly string[];
  configure?(context: RuntimeContext): Promise<void> | void;
  configureApp?(context: AppContext): Promise<void> | void;
}

interface Configurable {
  readonly name: string;
  configure?(context: RuntimeContext): Promise<void> | void;
  configureApp?(context: AppContext): Promise<void> | void;
}

/** A feature module as a capability with what it needs. */
export function capability(feature: Configurable, needs: readonly string[] = []): Capability {
  return {
    name: feature.name,
    needs,
    ...(feature.configure ? { configure: feature.configure.bind(feature) } : {}),
    ...(feature.configureApp ? { configureApp: feature.configureApp.bind(feature) } : {}),
  };
}

/** Why capabilities cannot be wired: a name twice, a need nobody provides, or a circle of needs. */
export class WiringError extends Error {
  override readonly name = 'WiringError';
}

/**
 * The order to set capabilities up in: every capability after what it needs. Among those free to
 * go, names decide (not the order of the list), so a list that forgets a need fails the same way
 * on every machine rather than working by the accident of where it was written.
 */
export function wiringOrder<C extends Capability>(capabilities: readonly C[]): C[] {
  const byName = new Map<string, C>();
  for (const item of capabilities) {
    if (byName.has(item.name)) throw new WiringError(`Two capabilities are called "${item.name}"`);
    byName.set(item.name, item);
  }
  for (const item of capabilities) {
    for (const need of item.needs) {
      if (!byName.has(need)) {
        throw new WiringError(`"${item.name}" needs "${need}", which no capability provides`);
      }
    }
  }
  const ordered: C[] = [];
  const placed = new Set<string>();
  const waiting = [...capabilities].sort((a, b) => a.name.localeCompare(b.name));
  while (waiting.length > 0) {
    const index = waiting.findIndex((item) => item.needs.every((need) => placed.has(need)));
    if (index === -1) throw new WiringError(`Capabilities need each other: ${circleOf(waiting)}`);
    const [next] = waiting.splice(index, 1) as [C];
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** One circle among capabilities that cannot be placed, written "a → b → a". */
function circleOf(stuck: readonly Capability[]): string {
  const byName = new Map(stuck.map((item) => [item.name, item]));
  const path: string[] = [];
  let current: Capability | undefined = stuck[0];
  while (current && !path.includes(current.name)) {
    path.push(current.name);
    const next: string | undefined = current.needs.find((need) => byName.has(need));
    current = next === undefined ? undefined : byName.get(next);
  }
  if (current) path.push(current.name);
  return path.slice(path.indexOf(path[path.length - 1] as string)).join(' → ');
}

/** Sets every capability up in wiring order: models, queues and workers, then (app role) routes. */
export async function configureAll(
  capabilities: readonly Capability[],
  context: RuntimeContext,
): Promise<void> {
  for (const item of capabilities) await item.configure?.(context);
}

export async function configureAllApps(
  capabilities: readonly Capability[],
  context: AppContext,
): Promise<void> {
  for (const item of capabilities) await item.configureApp?.(context);
}
