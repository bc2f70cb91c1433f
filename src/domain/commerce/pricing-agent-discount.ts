import { isStaffChannel } from '../shared/channel';
import { z } from 'zod';
import type { Channel } from '../shared/channel';
import { AppError } from '../shared/errors';
import { discountKinds, discountTargets, discountTargetsCharge } from '../catalog/discount';
import type { DiscountKind, DiscountTarget } from '../catalog/discount';
import type { Discount, PricedCharge } from '../catalog/price-calculation';
import { agentDiscountLabel } from '../catalog/price-labels';

export const agentRoles = ['agent', 'supervisor'] as const;
export type AgentRole = (typeof agentRoles)[number];

/** The largest discount, in percent of the price being discounted, each role may grant on its own. */
export type AgentDiscountLimits = Readonly<Record<AgentRole, number>>;

export const defaultAgentDiscountLimits: AgentDiscountLimits = { agent: 10, supervisor: 25 };

/**
 * Goodwill an agent grants on one cart item. `byRole` must come from the authenticated agent, never
 * from the request body. Without `appliesTo` it reduces the monthly charge, as agents usually do.
 */
export interface AgentDiscount {
  kind: DiscountKind;
  value: number;
  byRole: AgentRole;
  appliesTo?: DiscountTarget;
}

export const agentDiscountSchema = z.strictObject({
  kind: z.enum(discountKinds),
  value: z.number().positive(),
  byRole: z.enum(agentRoles),
  appliesTo: z.enum(discountTargets).optional(),
});

const roleAsSubject: Record<AgentRole, string> = { agent: 'An agent', supervisor: 'A supervisor' };

function describePercent(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.round((numerator * 10_000) / denominator) / 100;
}

/**
 * Turns an agent discount into a Discount after checking it against the role's limit. The limit is
 * measured against the price the agent sees (after channel alterations and promotions), so an
 * agent cannot use a promotion's headroom to exceed it.
 */
export function agentDiscountFor(
  itemId: string,
  discount: AgentDiscount,
  channel: Channel,
  limits: AgentDiscountLimits,
  charges: readonly PricedCharge[],
): Discount {
  const appliesTo = discount.appliesTo ?? 'recurring';
  const details = {
    itemId,
    role: discount.byRole,
    kind: discount.kind,
    value: discount.value,
    appliesTo,
  };
  if (!isStaffChannel(channel)) {
    throw new AppError(
      'FORBIDDEN',
      `Agent discounts can only be granted from the agent channel, not ${channel}`,
      details,
    );
  }
  const malformed =
    !(discount.value > 0) ||
    (discount.kind === 'percent' && discount.value > 100) ||
    (discount.kind === 'amount' && !Number.isSafeInteger(discount.value));
  if (malformed) {
    throw new AppError(
      'VALIDATION_FAILED',
      'An agent discount is a percent in (0, 100] or a positive whole number of minor units',
      details,
    );
  }
  if (discount.kind === 'amount' && appliesTo === 'all') {
    throw new AppError(
      'VALIDATION_FAILED',
      "An amount discount must apply to 'oneTime' or 'recurring'",
      details,
    );
  }
  const targeted = charges.filter((charge) => discountTargetsCharge(appliesTo, charge.chargeType));
  if (targeted.length === 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `Item ${itemId} has no ${appliesTo} charge to discount`,
      details,
    );
  }
  const limitPercent = limits[discount.byRole];
  for (const charge of targeted) {
    const price = charge.amount.amount;
    const taken = discount.kind === 'percent' ? discount.value : Math.min(discount.value, price);
    const exceeds =
      discount.kind === 'percent' ? taken > limitPercent : taken * 100 > limitPercent * price;
    if (exceeds) {
      const requestedPercent = discount.kind === 'percent' ? taken : describePercent(taken, price);
      throw new AppError(
        'FORBIDDEN',
        `${roleAsSubject[discount.byRole]} may grant at most ${limitPercent}% off; ${requestedPercent}% requested on item ${itemId}`,
        { ...details, limitPercent, requestedPercent },
      );
    }
  }
  return {
    source: 'agent',
    sourceId: `${itemId}:agent-discount`,
    name: `Agent discount (${discount.byRole})`,
    label: agentDiscountLabel,
    terms: { kind: discount.kind, value: discount.value, appliesTo },
  };
}
