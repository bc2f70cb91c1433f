import type { CustomerSegmentCriteria } from '../customers/customer-segment';
import type { CustomerSegment } from '../customers/customer';
import { parseAudienceDate, referencedCampaigns, usesField } from './audience';
import type { AudienceFacts, AudienceField, AudienceQuery } from './audience';

type Matcher = (facts: AudienceFacts) => boolean;

export interface CompiledAudience {
  /** What the customer base is asked for: a superset of the audience. */
  criteria: CustomerSegmentCriteria;
  /** Whether `criteria` select exactly the audience (then counting needs no walk). */
  exact: boolean;
  needsInteractions: boolean;
  campaigns: string[];
  test: Matcher;
}

const logical = new Set(['$and', '$or', '$nor']);

function comparable(field: AudienceField, value: unknown): unknown {
  return field === 'customerSince' ? parseAudienceDate(value)!.getTime() : value;
}

function valueOf(facts: AudienceFacts, field: AudienceField): unknown {
  const value = facts[field];
  return value instanceof Date ? value.getTime() : value;
}

function fieldMatcher(field: AudienceField, condition: unknown): Matcher {
  const isOperators =
    condition !== null &&
    typeof condition === 'object' &&
    !Array.isArray(condition) &&
    Object.keys(condition).some((key) => key.startsWith('$'));
  const operators = (isOperators ? condition : { $eq: condition }) as Record<string, unknown>;
  const tests = Object.entries(operators).map(([operator, raw]): Matcher => {
    if (operator === '$exists') {
      return (facts) => {
        const value = facts[field];
        const present = Array.isArray(value) ? value.length > 0 : value !== undefined;
        return present === raw;
      };
    }
    const operand = Array.isArray(raw)
      ? raw.map((item) => comparable(field, item))
      : comparable(field, raw);
    const has = (facts: AudienceFacts, wanted: unknown): boolean => {
      const value = valueOf(facts, field);
      return Array.isArray(value) ? value.includes(wanted) : value === wanted;
    };
    const compare = (facts: AudienceFacts, check: (a: number) => boolean): boolean => {
      const value = valueOf(facts, field);
      return typeof value === 'number' && check(value);
    };
    const list = operand as unknown[];
    const bound = operand as number;
    switch (operator) {
      case '$eq':
        return (facts) => has(facts, operand);
      case '$ne':
        return (facts) => !has(facts, operand);
      case '$in':
        return (facts) => list.some((item) => has(facts, item));
      case '$nin':
        return (facts) => !list.some((item) => has(facts, item));
      case '$gt':
        return (facts) => compare(facts, (value) => value > bound);
      case '$gte':
        return (facts) => compare(facts, (value) => value >= bound);
      case '$lt':
        return (facts) => compare(facts, (value) => value < bound);
      case '$lte':
        return (facts) => compare(facts, (value) => value <= bound);
      default:
        throw new Error(`unchecked audience operator ${operator}`);
    }
  });
  return (facts) => tests.every((test) => test(facts));
}

function nodeMatcher(node: AudienceQuery): Matcher {
  const parts = Object.entries(node).map(([key, value]): Matcher => {
    if (logical.has(key)) {
      const children = (value as AudienceQuery[]).map(nodeMatcher);
      if (key === '$and') return (facts) => children.every((child) => child(facts));
      if (key === '$or') return (facts) => children.some((child) => child(facts));
      return (facts) => !children.some((child) => child(facts));
    }
    return fieldMatcher(key as AudienceField, value);
  });
  return (facts) => parts.every((part) => part(facts));
}

/** Equality values of a condition usable as "one of", or undefined. */
function positiveValues(condition: unknown): string[] | undefined {
  if (typeof condition === 'string') return [condition];
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return undefined;
  }
  const entries = Object.entries(condition);
  if (entries.length !== 1) return undefined;
  const [operator, value] = entries[0]!;
  if (operator === '$eq' && typeof value === 'string') return [value];
  if (operator === '$in' && Array.isArray(value)) return value as string[];
  return undefined;
}

function intersect(a: string[] | undefined, b: string[]): string[] {
  return a ? a.filter((item) => b.includes(item)) : b;
}

/** The top-level conjuncts (root fields and `$and` members, recursively). */
function conjuncts(node: AudienceQuery): Array<[string, unknown]> {
  return Object.entries(node).flatMap(([key, value]): Array<[string, unknown]> =>
    key === '$and' ? (value as AudienceQuery[]).flatMap(conjuncts) : [[key, value]],
  );
}

/**
 * Splits the audience into what the customer base can select (typed criteria, a superset) and
 * the exact test run on each member of the walk with the facts other contexts contribute.
 */
export function compileAudience(audience: AudienceQuery): CompiledAudience {
  const criteria: CustomerSegmentCriteria = {};
  let exact = true;
  for (const [key, condition] of conjuncts(audience)) {
    const values = positiveValues(condition);
    switch (key) {
      case 'customerId':
        if (values) criteria.customerIds = intersect(criteria.customerIds, values);
        else exact = false;
        break;
      case 'segment':
        if (values) {
          criteria.segments = intersect(criteria.segments, values) as CustomerSegment[];
        } else exact = false;
        break;
      case 'region':
        if (values) criteria.regions = intersect(criteria.regions, values);
        else exact = false;
        break;
      case 'timezone':
        if (values) criteria.timezones = intersect(criteria.timezones, values);
        else exact = false;
        break;
      case 'plan':
      case 'subscription':
        // Stored subscriptions include ended ones and add-ons: a superset, tested exactly later.
        if (values) criteria.offeringIds = intersect(criteria.offeringIds, values);
        exact = false;
        break;
      case 'customerSince': {
        const range = { ...criteria.customerSince };
        if (criteria.customerSince) exact = false;
        for (const [operator, value] of Object.entries(condition as Record<string, unknown>)) {
          const date = parseAudienceDate(value)!;
          range[operator.slice(1) as 'gt' | 'gte' | 'lt' | 'lte'] = date;
        }
        criteria.customerSince = range;
        break;
      }
      case 'consent':
        if (condition === 'opted-in' && !criteria.smsMarketing) criteria.smsMarketing = 'opted-in';
        else exact = false;
        break;
      default:
        exact = false;
    }
  }
  return {
    criteria,
    exact,
    needsInteractions: usesField(audience, 'lastInteractionDaysAgo'),
    campaigns: referencedCampaigns(audience),
    test: nodeMatcher(audience),
  };
}
