/** Whether a MongoDB write failed on a unique index (E11000), optionally a named field's index. */
export function isDuplicateKeyError(error: unknown, field?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const candidate = error as { code?: unknown; keyPattern?: unknown; message?: unknown };
  if (candidate.code !== 11000) return false;
  if (!field) return true;
  if (candidate.keyPattern && typeof candidate.keyPattern === 'object') {
    return field in candidate.keyPattern;
  }
  return typeof candidate.message === 'string' && candidate.message.includes(field);
}
