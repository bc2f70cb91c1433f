import { Query } from 'mingo';
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { CustomerContext } from './customer-context';

/**
 * Who may buy an offering, as a MongoDB query over `CustomerContext`, e.g.
 * `{ segment: 'consumer', tenureMonths: { $gte: 3 } }`. An empty rule admits everyone.
 */
export type EligibilityRule = Record<string, unknown>;

/** A compiled rule. Offerings with identical rules share one instance, so callers may memoise by identity. */
export interface EligibilityCheck {
  readonly source: string;
  test(customer: CustomerContext): boolean;
}

/** Rules are catalog data, not code: operators that run JavaScript or need extra configuration are refused. */
const forbiddenOperators = new Set(['$where', '$function', '$accumulator', '$jsonSchema']);

function findForbiddenOperator(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findForbiddenOperator(item);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (forbiddenOperators.has(key)) return key;
    const found = findForbiddenOperator(value);
    if (found) return found;
  }
  return undefined;
}

function compileQuery(rule: EligibilityRule): Query {
  const forbidden = findForbiddenOperator(rule);
  if (forbidden) {
    throw new AppError('VALIDATION_FAILED', `Eligibility rules may not use ${forbidden}`, {
      operator: forbidden,
    });
  }
  try {
    return new Query(rule);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'VALIDATION_FAILED',
      `Eligibility rule is not a valid query: ${reason}`,
      { rule },
      { cause: error },
    );
  }
}

export const eligibilityRuleSchema = z
  .record(z.string(), z.unknown())
  .superRefine((rule, context) => {
    try {
      compileQuery(rule);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });

/** Bounded so a long-running process that sees many catalog versions does not grow without limit. */
const maxCachedRules = 20_000;
const checksByOfferingVersion = new Map<string, EligibilityCheck>();
const checksBySource = new Map<string, EligibilityCheck>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= maxCachedRules) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, value);
  return value;
}

function checkForSource(source: string, rule: EligibilityRule): EligibilityCheck {
  const cached = checksBySource.get(source);
  if (cached) return cached;
  const query = compileQuery(rule);
  return remember(checksBySource, source, { source, test: (customer) => query.test(customer) });
}

/**
 * Compiles an offering's rule once per offering id and version. The stored source is compared too,
 * so a rule edited without a version bump is never served stale. Returns undefined for "everyone".
 */
export function compileEligibility(
  offeringId: string,
  version: string,
  rule: EligibilityRule,
): EligibilityCheck | undefined {
  if (Object.keys(rule).length === 0) return undefined;
  const key = `${offeringId}@${version}`;
  const source = JSON.stringify(rule);
  const cached = checksByOfferingVersion.get(key);
  if (cached && cached.source === source) return cached;
  return remember(checksByOfferingVersion, key, checkForSource(source, rule));
}
