/** Reports a side effect that failed after its write succeeded (logged by the composition root). */
export type SideEffectErrorReporter = (error: unknown, effect: string) => void;

/**
 * Events and timeline entries follow a write that has already succeeded: if one of them fails, the
 * caller must still get its result, or a retry would repeat the write. Each runs even if another fails.
 */
export async function runAfterWrite(
  effects: ReadonlyArray<readonly [string, () => Promise<unknown>]>,
  report: SideEffectErrorReporter,
): Promise<void> {
  await Promise.all(
    effects.map(async ([name, effect]) => {
      try {
        await effect();
      } catch (error) {
        report(error, name);
      }
    }),
  );
}

/** Duplicate key (11000): a unique index refused the write, e.g. a second cart for one party. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === 11000
  );
}
