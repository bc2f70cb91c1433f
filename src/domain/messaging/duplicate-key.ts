import { isDuplicateKeyError } from '../shared/duplicate-key';

export { isDuplicateKeyError };

/**
 * Which documents of an unordered bulk insert of `count` collided with a unique index. Any other
 * failure is rethrown: the caller's whole batch fails and the sender (Twilio) retries it.
 */
export function duplicateKeyIndexes(error: unknown, count: number): number[] {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (Array.isArray(writeErrors) && writeErrors.length > 0) {
    const indexes = writeErrors.map((writeError: { index?: unknown; code?: unknown }) =>
      writeError.code === 11000 && typeof writeError.index === 'number' ? writeError.index : -1,
    );
    if (indexes.every((index) => index >= 0)) return indexes;
  } else if (count === 1 && isDuplicateKeyError(error)) {
    return [0];
  }
  throw error;
}
