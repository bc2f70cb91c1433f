import { z } from 'zod';
import { customerSegments } from '../customers/customer';

/**
 * An audience is a query in a small, closed vocabulary: the conditions a segment needs (segment,
 * plan, subscriptions, tenure, consent, region, time zone, last interaction, earlier campaigns)
 * joined by `$and` / `$or` / `$nor`. It reads like a MongoDB query, but it is not one over stored
 * documents: contact data (number, name, e-mail) cannot be named, and no operator that matches
 * text or runs code exists in it, so the masked sample can never be used to recover a number.
 * The console's builder writes exactly this; its advanced view shows the same JSON.
 */

type FieldKind = 'id' | 'enum' | 'text' | 'list' | 'number' | 'date' | 'campaign';

interface FieldSpec {
  kind: FieldKind;
  label: string;
  values?: readonly string[];
  /** Whether `$exists` makes sense (the value can be missing for a customer). */
  optional?: boolean;
}

export const consentValues = ['opted-in', 'opted-out', 'unknown'] as const;

export const audienceFields = {
  customerId: { kind: 'id', label: 'customer id' },
  segment: { kind: 'enum', label: 'segment', values: customerSegments },
  region: { kind: 'text', label: 'region' },
  timezone: { kind: 'text', label: 'time zone' },
  /** Offering ids of her active base plans. */
  plan: { kind: 'list', label: 'plan', optional: true },
  /** Offering ids of all her active subscriptions (plans and add-ons). */
  subscription: { kind: 'list', label: 'subscription', optional: true },
  tenureMonths: { kind: 'number', label: 'tenure in months' },
  customerSince: { kind: 'date', label: 'customer since' },
  consent: { kind: 'enum', label: 'marketing consent', values: consentValues },
  /** Whole days since her last contact with us (campaign messages do not count); missing: never. */
  lastInteractionDaysAgo: { kind: 'number', label: 'days since last interaction', optional: true },
  campaignsReceived: { kind: 'campaign', label: 'campaigns received' },
  campaignsClicked: { kind: 'campaign', label: 'campaigns clicked' },
} as const satisfies Record<string, FieldSpec>;
export type AudienceField = keyof typeof audienceFields;

/** Older spellings still accepted, stored under the field they mean. */
const fieldAliases: Record<string, AudienceField> = {
  _id: 'customerId',
  'subscriptions.offeringId': 'subscription',
};

const equalityOperators = ['$eq', '$ne', '$in', '$nin'] as const;
const rangeOperators = ['$gt', '$gte', '$lt', '$lte'] as const;
const operatorsByKind: Record<FieldKind, readonly string[]> = {
  id: ['$eq', '$in', '$ne', '$nin'],
  enum: equalityOperators,
  text: equalityOperators,
  list: equalityOperators,
  campaign: equalityOperators,
  number: ['$eq', '$ne', ...rangeOperators],
  date: rangeOperators,
};
const logicalOperators = ['$and', '$or', '$nor'] as const;

export const MAX_AUDIENCE_DEPTH = 6;
export const MAX_AUDIENCE_CONDITIONS = 100;
const MAX_LIST_VALUES = 500;

export type AudienceQuery = Record<string, unknown>;

class AudienceProblem extends Error {}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A real calendar date written as ISO 8601 (`2099-13-45` is not one). */
export function parseAudienceDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = isoDate.exec(value);
  if (!match) return undefined;
  const date = new Date(match[4] ? value : `${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return date;
}

function checkScalar(field: AudienceField, spec: FieldSpec, value: unknown): unknown {
  const fail = (expected: string): never => {
    throw new AudienceProblem(`${field} needs ${expected}, not ${describeValue(value)}`);
  };
  switch (spec.kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100_000) {
        fail('a number from 0');
      }
      return value;
    case 'date': {
      const date = parseAudienceDate(value);
      if (!date) fail('a date like 2024-01-31');
      return value;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.values!.includes(value)) {
        fail(`one of ${spec.values!.join(', ')}`);
      }
      return value;
    default:
      if (typeof value !== 'string' || value.length === 0 || value.length > 120) {
        fail('a text value');
      }
      return value;
  }
}

function checkCondition(field: AudienceField, condition: unknown): unknown {
  const spec: FieldSpec = audienceFields[field];
  const allowed = operatorsByKind[spec.kind];
  const isOperatorObject =
    condition !== null &&
    typeof condition === 'object' &&
    !Array.isArray(condition) &&
    Object.keys(condition).some((key) => key.startsWith('$'));
  if (!isOperatorObject) {
    if (!allowed.includes('$eq')) {
      throw new AudienceProblem(`${field} needs a comparison: ${allowed.join(', ')}`);
    }
    return checkScalar(field, spec, condition);
  }
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length === 0) throw new AudienceProblem(`${field} has an empty condition`);
  const checked: Record<string, unknown> = {};
  for (const [operator, value] of entries) {
    if (operator === '$exists' && spec.optional) {
      if (typeof value !== 'boolean')
        throw new AudienceProblem(`${field}: $exists needs true or false`);
      checked[operator] = value;
      continue;
    }
    if (!allowed.includes(operator)) {
      const permitted = spec.optional ? [...allowed, '$exists'] : allowed;
      throw new AudienceProblem(
        `${operator} is not allowed on ${field} in a segment (allowed: ${permitted.join(', ')})`,
      );
    }
    if (operator === '$in' || operator === '$nin') {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_VALUES) {
        throw new AudienceProblem(
          `${field}: ${operator} needs a list of 1 to ${MAX_LIST_VALUES} values`,
        );
      }
      checked[operator] = value.map((item) => checkScalar(field, spec, item));
    } else {
      checked[operator] = checkScalar(field, spec, value);
    }
  }
  return checked;
}

function checkNode(node: unknown, depth: number, budget: { conditions: number }): AudienceQuery {
  if (depth > MAX_AUDIENCE_DEPTH) {
    throw new AudienceProblem(`Groups may be nested at most ${MAX_AUDIENCE_DEPTH} deep`);
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new AudienceProblem('Each condition group must be an object');
  }
  const out: AudienceQuery = {};
  for (const [key, value] of Object.entries(node)) {
    if ((logicalOperators as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || value.length === 0) {
        throw new AudienceProblem(`${key} needs a non-empty list of condition groups`);
      }
      out[key] = value.map((child) => checkNode(child, depth + 1, budget));
      continue;
    }
    if (key.startsWith('$')) {
      throw new AudienceProblem(
        `${key} is not allowed in a segment (groups: ${logicalOperators.join(', ')})`,
      );
    }
    const field = (fieldAliases[key] ?? key) as AudienceField;
    if (!Object.hasOwn(audienceFields, field)) {
      throw new AudienceProblem(
        `Segments may not use ${key} (allowed: ${Object.keys(audienceFields).join(', ')})`,
      );
    }
    if (Object.hasOwn(out, field)) throw new AudienceProblem(`${field} is given twice`);
    budget.conditions += 1;
    if (budget.conditions > MAX_AUDIENCE_CONDITIONS) {
      throw new AudienceProblem(`A segment has at most ${MAX_AUDIENCE_CONDITIONS} conditions`);
    }
    out[field] = checkCondition(field, value);
  }
  return out;
}

/**
 * The audience in its canonical spelling, or a message saying what is not allowed. Exported for
 * the builder's tests; callers use `audienceSchema`.
 */
export function checkAudience(input: unknown): { audience: AudienceQuery } | { problem: string } {
  try {
    return { audience: checkNode(input, 1, { conditions: 0 }) };
  } catch (error) {
    if (error instanceof AudienceProblem) return { problem: error.message };
    throw error;
  }
}

export const audienceSchema = z.unknown().transform((input, context) => {
  const checked = checkAudience(input);
  if ('problem' in checked) {
    context.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  }
  return checked.audience;
});

/** What the audience is tested against, per customer. */
export interface AudienceFacts {
  customerId: string;
  segment: string;
  region: string;
  timezone: string;
  plan: string[];
  subscription: string[];
  tenureMonths: number;
  customerSince: Date;
  consent: (typeof consentValues)[number];
  lastInteractionDaysAgo?: number;
  campaignsReceived: string[];
  campaignsClicked: string[];
}

/** The campaigns an audience names (their recipients are looked up per page). */
export function referencedCampaigns(audience: AudienceQuery): string[] {
  const found = new Set<string>();
  const visit = (node: AudienceQuery) => {
    for (const [key, value] of Object.entries(node)) {
      if ((logicalOperators as readonly string[]).includes(key)) {
        for (const child of value as AudienceQuery[]) visit(child);
      } else if (key === 'campaignsReceived' || key === 'campaignsClicked') {
        const values =
          typeof value === 'string' ? [value] : Object.values(value as Record<string, unknown>);
        for (const item of values.flat()) found.add(String(item));
      }
    }
  };
  visit(audience);
  return [...found];
}

export function usesField(audience: AudienceQuery, field: AudienceField): boolean {
  return Object.entries(audience).some(([key, value]) =>
    (logicalOperators as readonly string[]).includes(key)
      ? (value as AudienceQuery[]).some((child) => usesField(child, field))
      : key === field,
  );
}
