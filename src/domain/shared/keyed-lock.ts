/**
 * Mutual exclusion per key across every process (one customer's conversation turns, say), so work
 * that must not interleave runs one at a time wherever it was received.
 */
export interface KeyedLock {
  /** Runs `work` while holding `key`; waits its turn, and gives up with a clear error after a while. */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}
