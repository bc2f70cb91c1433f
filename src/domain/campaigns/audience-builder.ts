import { z } from 'zod';
import { customerSegments } from '../customers/customer';
import { checkAudience, consentValues } from './audience';
import type { AudienceQuery } from './audience';

/**
 * The console's audience builder: conditions a campaign manager picks from lists ("plan is one of
 * …", "clicked campaign …"), joined in an all/any group with one level of sub-groups. It compiles
 * to the audience vocabulary (`audience.ts`), and is checked by it again, so the builder can never
 * say more than the whitelist allows; `builderFromAudience` reads back what it wrote (and the
 * plain queries of the advanced view that it can show), so the two views edit the same audience.
 */

const text = z.string().trim().min(1).max(120);
const offeringIds = z.array(text).max(100);
const textValues = z.array(text).max(100);

export const audienceConditionSchema = z.discriminatedUnion('field', [
  z.strictObject({
    field: z.literal('segment'),
    op: z.enum(['one-of', 'none-of']),
    values: z.array(z.enum(customerSegments)).min(1).max(customerSegments.length),
  }),
  z.strictObject({
    field: z.enum(['plan', 'subscription']),
    op: z.enum(['one-of', 'none-of', 'any', 'none']),
    values: offeringIds.default([]),
  }),
  z.strictObject({
    field: z.literal('tenure'),
    op: z.enum(['at-least', 'less-than']),
    months: z.number().int().min(0).max(1200),
  }),
  z.strictObject({
    field: z.literal('consent'),
    op: z.enum(['is', 'is-not']),
    value: z.enum(consentValues),
  }),
  z.strictObject({
    field: z.enum(['region', 'timezone']),
    op: z.enum(['one-of', 'none-of']),
    values: textValues.min(1),
  }),
  z.strictObject({
    field: z.literal('lastInteraction'),
    op: z.enum(['within', 'not-within', 'never']),
    days: z.number().int().min(0).max(100_000).default(30),
  }),
  z.strictObject({
    field: z.literal('campaign'),
    op: z.enum(['received', 'not-received', 'clicked', 'received-not-clicked']),
    campaignId: text,
  }),
]);
export type AudienceCondition = z.output<typeof audienceConditionSchema>;

const match = z.enum(['all', 'any']);

export const audienceGroupSchema = z.strictObject({
  match,
  rules: z.array(audienceConditionSchema).max(50),
});

export const audienceBuilderSchema = z
  .strictObject({
    match,
    rules: z.array(z.union([audienceConditionSchema, audienceGroupSchema])).max(50),
  })
  .superRefine((builder, context) => {
    const conditions = builder.rules.flatMap((rule): AudienceCondition[] =>
      'rules' in rule ? rule.rules : [rule],
    );
    for (const condition of conditions) {
      if (
        (condition.field === 'plan' || condition.field === 'subscription') &&
        (condition.op === 'one-of' || condition.op === 'none-of') &&
        condition.values.length === 0
      ) {
        context.addIssue({
          code: 'custom',
          message: `Choose at least one ${condition.field === 'plan' ? 'plan' : 'subscription'}`,
        });
      }
    }
  });
export type AudienceBuilder = z.output<typeof audienceBuilderSchema>;
export type AudienceGroup = z.output<typeof audienceGroupSchema>;

const fieldOf = {
  segment: 'segment',
  plan: 'plan',
  subscription: 'subscription',
  region: 'region',
  timezone: 'timezone',
} as const;

function oneOrMany(values: readonly string[]): unknown {
  return values.length === 1 ? values[0] : { $in: [...values] };
}

function compileCondition(condition: AudienceCondition): AudienceQuery {
  switch (condition.field) {
    case 'segment':
    case 'region':
    case 'timezone':
      return {
        [fieldOf[condition.field]]:
          condition.op === 'one-of' ? oneOrMany(condition.values) : { $nin: condition.values },
      };
    case 'plan':
    case 'subscription': {
      const field = fieldOf[condition.field];
      if (condition.op === 'any') return { [field]: { $exists: true } };
      if (condition.op === 'none') return { [field]: { $exists: false } };
      return {
        [field]:
          condition.op === 'one-of' ? oneOrMany(condition.values) : { $nin: condition.values },
      };
    }
    case 'tenure':
      return {
        tenureMonths:
          condition.op === 'at-least' ? { $gte: condition.months } : { $lt: condition.months },
      };
    case 'consent':
      return { consent: condition.op === 'is' ? condition.value : { $ne: condition.value } };
    case 'lastInteraction':
      if (condition.op === 'never') return { lastInteractionDaysAgo: { $exists: false } };
      if (condition.op === 'within') return { lastInteractionDaysAgo: { $lte: condition.days } };
      // Not within N days: longer ago, or never (a missing value fails every comparison).
      return { $nor: [{ lastInteractionDaysAgo: { $lte: condition.days } }] };
    case 'campaign': {
      const id = condition.campaignId;
      switch (condition.op) {
        case 'received':
          return { campaignsReceived: id };
        case 'not-received':
          return { campaignsReceived: { $ne: id } };
        case 'clicked':
          return { campaignsClicked: id };
        default:
          return { campaignsReceived: id, campaignsClicked: { $ne: id } };
      }
    }
  }
}

function compileGroup(group: AudienceGroup | AudienceBuilder): AudienceQuery {
  if (group.rules.length === 0) return {};
  const parts = group.rules.map((rule) =>
    'rules' in rule ? compileGroup(rule) : compileCondition(rule),
  );
  const nonEmpty = parts.filter((part) => Object.keys(part).length > 0);
  if (nonEmpty.length === 0) return {};
  return { [group.match === 'all' ? '$and' : '$or']: nonEmpty };
}

/** The builder as an audience query, checked against the whitelist like any other. */
export function compileAudienceBuilder(input: unknown): AudienceQuery {
  const builder = audienceBuilderSchema.parse(input);
  const compiled = compileGroup(builder);
  const checked = checkAudience(compiled);
  if ('problem' in checked) throw new Error(`builder compiled outside the audience vocabulary`);
  return checked.audience;
}

// ---- reading an audience back into the builder ----

type Node = Record<string, unknown>;

const isObject = (value: unknown): value is Node =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? (value as string[])
    : undefined;
}

/** `v` or `{$in: [...]}` → one-of; `{$nin: [...]}` → none-of. */
function membership(value: unknown): { op: 'one-of' | 'none-of'; values: string[] } | undefined {
  if (typeof value === 'string') return { op: 'one-of', values: [value] };
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const list = stringList(value[keys[0]!]);
  if (keys[0] === '$eq' && typeof value.$eq === 'string')
    return { op: 'one-of', values: [value.$eq] };
  if (keys[0] === '$in' && list) return { op: 'one-of', values: list };
  if (keys[0] === '$nin' && list) return { op: 'none-of', values: list };
  return undefined;
}

function single(value: unknown): [string, unknown] | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  return entries.length === 1 ? entries[0] : undefined;
}

function conditionFrom(field: string, value: unknown): AudienceCondition | undefined {
  switch (field) {
    case 'segment':
    case 'region':
    case 'timezone': {
      const found = membership(value);
      if (!found) return undefined;
      const parsed = audienceConditionSchema.safeParse({ field, ...found });
      return parsed.success ? parsed.data : undefined;
    }
    case 'plan':
    case 'subscription': {
      const entry = single(value);
      if (entry && entry[0] === '$exists') {
        return { field, op: entry[1] === true ? 'any' : 'none', values: [] };
      }
      const found = membership(value);
      return found ? { field, ...found } : undefined;
    }
    case 'tenureMonths': {
      const entry = single(value);
      if (!entry || typeof entry[1] !== 'number') return undefined;
      if (entry[0] === '$gte') return { field: 'tenure', op: 'at-least', months: entry[1] };
      if (entry[0] === '$lt') return { field: 'tenure', op: 'less-than', months: entry[1] };
      return undefined;
    }
    case 'consent': {
      if (typeof value === 'string') {
        return { field: 'consent', op: 'is', value: value as AudienceConditionConsent };
      }
      const entry = single(value);
      if (entry && entry[0] === '$ne' && typeof entry[1] === 'string') {
        return { field: 'consent', op: 'is-not', value: entry[1] as AudienceConditionConsent };
      }
      return undefined;
    }
    case 'lastInteractionDaysAgo': {
      const entry = single(value);
      if (!entry) return undefined;
      if (entry[0] === '$exists' && entry[1] === false) {
        return { field: 'lastInteraction', op: 'never', days: 30 };
      }
      if (entry[0] === '$lte' && typeof entry[1] === 'number') {
        return { field: 'lastInteraction', op: 'within', days: entry[1] };
      }
      return undefined;
    }
    case 'campaignsReceived':
    case 'campaignsClicked': {
      const clicked = field === 'campaignsClicked';
      if (typeof value === 'string') {
        return { field: 'campaign', op: clicked ? 'clicked' : 'received', campaignId: value };
      }
      const entry = single(value);
      if (!clicked && entry && entry[0] === '$ne' && typeof entry[1] === 'string') {
        return { field: 'campaign', op: 'not-received', campaignId: entry[1] };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

type AudienceConditionConsent = (typeof consentValues)[number];

/** The conditions of one node that is not a group: each field one condition, or a known pair. */
function conditionsOf(node: Node): AudienceCondition[] | undefined {
  const keys = Object.keys(node);
  if (
    keys.length === 2 &&
    typeof node.campaignsReceived === 'string' &&
    isObject(node.campaignsClicked) &&
    single(node.campaignsClicked)?.[0] === '$ne' &&
    node.campaignsClicked.$ne === node.campaignsReceived
  ) {
    return [{ field: 'campaign', op: 'received-not-clicked', campaignId: node.campaignsReceived }];
  }
  if (keys.length === 1 && keys[0] === '$nor') {
    const children = node.$nor;
    if (Array.isArray(children) && children.length === 1 && isObject(children[0])) {
      const entry = single(children[0].lastInteractionDaysAgo);
      if (Object.keys(children[0]).length === 1 && entry?.[0] === '$lte') {
        if (typeof entry[1] === 'number') {
          return [{ field: 'lastInteraction', op: 'not-within', days: entry[1] }];
        }
      }
    }
    return undefined;
  }
  const conditions: AudienceCondition[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('$')) return undefined;
    const condition = conditionFrom(key, value);
    if (!condition) return undefined;
    conditions.push(condition);
  }
  return conditions;
}

function groupKey(node: Node): '$and' | '$or' | undefined {
  const keys = Object.keys(node);
  return keys.length === 1 && (keys[0] === '$and' || keys[0] === '$or') ? keys[0] : undefined;
}

function groupFrom(node: Node, depth: number): AudienceBuilder | undefined {
  const key = groupKey(node);
  if (!key) {
    const conditions = conditionsOf(node);
    return conditions ? { match: 'all', rules: conditions } : undefined;
  }
  const rules: AudienceBuilder['rules'] = [];
  for (const child of node[key] as unknown[]) {
    if (!isObject(child)) return undefined;
    if (groupKey(child)) {
      if (depth > 0) return undefined;
      const nested = groupFrom(child, depth + 1);
      if (!nested) return undefined;
      rules.push(nested as AudienceGroup);
      continue;
    }
    const conditions = conditionsOf(child);
    if (!conditions) return undefined;
    if (conditions.length === 1 || key === '$and') rules.push(...conditions);
    else if (depth === 0) rules.push({ match: 'all', rules: conditions });
    else return undefined;
  }
  return { match: key === '$and' ? 'all' : 'any', rules };
}

/** The builder that writes this audience, or undefined when only the advanced view can show it. */
export function builderFromAudience(audience: AudienceQuery): AudienceBuilder | undefined {
  const builder = groupFrom(audience, 0);
  if (!builder) return undefined;
  return audienceBuilderSchema.safeParse(builder).success ? builder : undefined;
}
