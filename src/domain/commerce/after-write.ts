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

export { isDuplicateKeyError } from '../shared/duplicate-key';
