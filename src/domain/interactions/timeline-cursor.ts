import { AppError } from '../shared/errors';

/** Where a timeline page ended: the last entry's time and id (ids break ties between equal times). */
export interface TimelinePosition {
  occurredAt: Date;
  id: string;
}

/**
 * Opaque to clients (base64url of `[millis, id]`) so the ordering can change without breaking
 * links, and checked on the way back in: a tampered cursor is a 400, not a wrong page.
 */
export function encodeTimelineCursor(position: TimelinePosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt.getTime(), position.id])).toString(
    'base64url',
  );
}

export function decodeTimelineCursor(cursor: string): TimelinePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid(cursor);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'number' ||
    !Number.isSafeInteger(parsed[0]) ||
    // A safe integer can still be past the last representable date (8.64e15 ms).
    Number.isNaN(new Date(parsed[0]).getTime()) ||
    typeof parsed[1] !== 'string' ||
    parsed[1] === ''
  ) {
    throw invalid(cursor);
  }
  return { occurredAt: new Date(parsed[0]), id: parsed[1] };
}

/** Entries strictly older than `position` in (occurredAt desc, _id desc) order. */
export function olderThan(position: TimelinePosition): Record<string, unknown> {
  return {
    // The bound on occurredAt alone lets an index range-scan; the $or settles ties by id.
    occurredAt: { $lte: position.occurredAt },
    $or: [{ occurredAt: { $lt: position.occurredAt } }, { _id: { $lt: position.id } }],
  };
}

function invalid(cursor: string): AppError {
  return new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued', {
    cursor: cursor.slice(0, 100),
  });
}
