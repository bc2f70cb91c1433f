import { AppError } from '../../domain/shared/errors';

/** How a TMF list attribute filter compares: `?status=Active`, `?price.gte=1000`, `?status=a,b`. */
export type FilterType = 'string' | 'number' | 'date' | 'boolean';

export interface ListQuery {
  offset: number;
  limit: number;
  /** TMF `fields` selection; undefined means the whole resource. */
  fields: string[] | undefined;
  /** A MongoDB filter built from the allowed attribute filters only. */
  filter: Record<string, unknown>;
  sort: Record<string, 1 | -1> | undefined;
}

const RESERVED = new Set(['fields', 'offset', 'limit', 'sort']);
const OPERATORS: Record<string, string> = {
  gt: '$gt',
  gte: '$gte',
  lt: '$lt',
  lte: '$lte',
  ne: '$ne',
};
export const MAX_LIMIT = 1000;

/**
 * Parses TMF630 list parameters. Only attributes named in `filterable` become filters, so a query
 * can never reach fields the API does not expose; anything else is a 400 naming the attribute.
 */
export function parseListQuery(
  query: Record<string, unknown>,
  filterable: Record<string, FilterType>,
  defaults: { limit?: number } = {},
): ListQuery {
  const offset = parseNonNegativeInteger(query.offset, 'offset') ?? 0;
  const limit = parseNonNegativeInteger(query.limit, 'limit') ?? defaults.limit ?? 100;
  if (limit > MAX_LIMIT)
    throw new AppError('VALIDATION_FAILED', `limit must be at most ${MAX_LIMIT}`);
  const fields = parseFields(query);

  const filter: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (RESERVED.has(key) || raw === undefined) continue;
    const lastDot = key.lastIndexOf('.');
    const suffix = lastDot >= 0 ? key.slice(lastDot + 1) : '';
    const operator = Object.hasOwn(OPERATORS, suffix) ? OPERATORS[suffix] : undefined;
    const attribute = operator ? key.slice(0, lastDot) : key;
    // Own keys only: `?constructor=` or `?sort=__proto__` must not find Object.prototype's members.
    const type = Object.hasOwn(filterable, attribute) ? filterable[attribute] : undefined;
    if (!type) {
      throw new AppError('VALIDATION_FAILED', `Unknown filter attribute "${attribute}"`, {
        filterable: Object.keys(filterable),
      });
    }
    const text = Array.isArray(raw) ? raw.join(',') : String(raw);
    const condition = (filter[attribute] ?? {}) as Record<string, unknown>;
    if (operator) {
      condition[operator] = convert(unquote(text), type, key);
    } else {
      condition.$in = splitValues(text).map((value) => convert(value, type, key));
    }
    filter[attribute] = condition;
  }

  const sort = parseSort(query.sort, filterable);
  return { offset, limit, fields, filter, sort };
}

/** TMF630 `fields=name,lifecycleStatus` of a single-resource GET or a list; undefined = everything. */
export function parseFields(query: unknown): string[] | undefined {
  const fields = (query as { fields?: unknown } | undefined)?.fields;
  if (typeof fields !== 'string' || fields.trim() === '') return undefined;
  return fields
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
}

function parseSort(
  value: unknown,
  filterable: Record<string, FilterType>,
): Record<string, 1 | -1> | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const sort: Record<string, 1 | -1> = {};
  for (const part of value.split(',')) {
    const descending = part.startsWith('-');
    const attribute = part.replace(/^[-+]/, '');
    if (!Object.hasOwn(filterable, attribute))
      throw new AppError('VALIDATION_FAILED', `Cannot sort by "${attribute}"`);
    sort[attribute] = descending ? -1 : 1;
  }
  return sort;
}

/**
 * `a,b` is two values; TMF630 lets a value be quoted (`"2026-12-03T10:10:39.225Z"`, `"a,b"`), so
 * a comma inside quotes belongs to the value and the quotes themselves are not part of it.
 */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

function parseNonNegativeInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new AppError('VALIDATION_FAILED', `${name} must be a non-negative integer`);
  }
  return number;
}

function convert(value: string, type: FilterType, key: string): unknown {
  switch (type) {
    case 'string':
      return value;
    case 'number': {
      const number = Number(value);
      if (Number.isNaN(number)) throw new AppError('VALIDATION_FAILED', `${key} must be a number`);
      return number;
    }
    case 'date': {
      const date = new Date(value);
      if (Number.isNaN(date.getTime()))
        throw new AppError('VALIDATION_FAILED', `${key} must be a date-time`);
      return date;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') {
        throw new AppError('VALIDATION_FAILED', `${key} must be true or false`);
      }
      return value === 'true';
  }
}
