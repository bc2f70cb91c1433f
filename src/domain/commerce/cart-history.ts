import type { ChangeContext } from './cart-inputs';
import type { CartChange, CartChangeKind } from './cart-model';

/** One entry of a cart's history: which version, which channel and person, what changed. */
export function historyEntry(
  version: number,
  kind: CartChangeKind,
  context: Pick<ChangeContext, 'channel' | 'actorId'>,
  at: Date,
  summary: string,
  itemId?: string,
): CartChange {
  return {
    version,
    kind,
    channel: context.channel,
    ...(context.actorId ? { actorId: context.actorId } : {}),
    ...(itemId ? { itemId } : {}),
    summary,
    at,
  };
}

/** A short random pause so writers that lost a race do not collide again in lockstep. */
export function pauseBeforeRetry(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(attempt, 10) * 4;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
