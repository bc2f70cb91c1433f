import { findCatalogProblems } from '../catalog-consistency';
import type { CatalogData } from '../catalog-index';

/** One write, as it would change one collection of the catalog. */
export type CatalogChange<T extends { id: string }> = { upsert: T } | { removeId: string };

export function applyChange<T extends { id: string }>(
  list: readonly T[],
  change: CatalogChange<T>,
): T[] {
  if ('removeId' in change) return list.filter((item) => item.id !== change.removeId);
  const replaced = list.map((item) => (item.id === change.upsert.id ? change.upsert : item));
  return replaced.some((item) => item === change.upsert) ? replaced : [...replaced, change.upsert];
}

/**
 * Problems a write would add. Problems already in the catalog (written by an older version, or by
 * hand) are not held against an unrelated write, or the catalog could never be repaired through the API.
 */
export function problemsIntroduced(before: CatalogData, after: CatalogData): string[] {
  const existing = new Set(findCatalogProblems(before));
  return findCatalogProblems(after).filter((problem) => !existing.has(problem));
}
