import { systemClock } from '../../shared/clock';
import type { Clock } from '../../shared/clock';
import { AppError } from '../../shared/errors';
import type { CatalogSnapshotSource } from '../../commerce/ports';
import type { CatalogData } from '../catalog-index';
import { buildCatalogSnapshot } from '../catalog-snapshot';
import type { CatalogSnapshot } from '../catalog-snapshot';

export interface CatalogSnapshotCacheOptions {
  /** Reads the whole catalog; may be bound later with `bind` (the connection opens after start-up). */
  load?: () => Promise<CatalogData>;
  clock?: Clock;
  /**
   * Rebuild after this long even without a `catalog.changed` event: events travel by Redis pub/sub,
   * which drops them while a process is disconnected. Default 5 minutes.
   */
  maxAgeMs?: number;
  /** A stored catalog that cannot be built (e.g. two concurrent writes broke a reference). */
  onRejectedCatalog?: (error: AppError) => void;
}

interface CachedSnapshot {
  snapshot: CatalogSnapshot;
  generation: number;
  loadedAt: number;
}

/**
 * The current catalog snapshot, built once and shared by every request of this process. Any write
 * (here or, through `catalog.changed`, in another process) calls `invalidate`; the next caller starts
 * one rebuild that every concurrent caller awaits. A catalog that fails its consistency checks is
 * never served: the last good snapshot stays in use and the problem is reported.
 */
export class CatalogSnapshotCache implements CatalogSnapshotSource {
  private load: (() => Promise<CatalogData>) | undefined;
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  /** Bumped by every invalidation; a build only becomes current if nothing changed while it ran. */
  private generation = 0;
  private cached: CachedSnapshot | undefined;
  private pending: { promise: Promise<CatalogSnapshot>; generation: number } | undefined;
  private lastGood: { snapshot: CatalogSnapshot; generation: number } | undefined;

  constructor(private readonly options: CatalogSnapshotCacheOptions = {}) {
    this.load = options.load;
    this.clock = options.clock ?? systemClock;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  }

  bind(load: () => Promise<CatalogData>): void {
    this.load = load;
    this.invalidate();
  }

  invalidate(): void {
    this.generation += 1;
  }

  current(): Promise<CatalogSnapshot> {
    const cached = this.cached;
    if (
      cached &&
      cached.generation === this.generation &&
      this.clock.now().getTime() - cached.loadedAt < this.maxAgeMs
    ) {
      return Promise.resolve(cached.snapshot);
    }
    if (this.pending && this.pending.generation === this.generation) return this.pending.promise;
    return this.rebuild();
  }

  private rebuild(): Promise<CatalogSnapshot> {
    const generation = this.generation;
    const promise = this.build(generation).finally(() => {
      if (this.pending?.promise === promise) this.pending = undefined;
    });
    this.pending = { promise, generation };
    return promise;
  }

  private async build(generation: number): Promise<CatalogSnapshot> {
    const load = this.load;
    if (!load) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'The catalog is not connected to its storage yet',
      );
    }
    // Measured before reading: anything written during the read is at most maxAgeMs late.
    const loadedAt = this.clock.now().getTime();
    const data = await load();
    const snapshot = this.snapshotOf(data, generation);
    if (generation === this.generation) this.cached = { snapshot, generation, loadedAt };
    return snapshot;
  }

  private snapshotOf(data: CatalogData, generation: number): CatalogSnapshot {
    try {
      const snapshot = buildCatalogSnapshot(data);
      // Builds may finish out of order; an older catalog never replaces a newer good one.
      if (!this.lastGood || this.lastGood.generation <= generation) {
        this.lastGood = { snapshot, generation };
      }
      return snapshot;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.options.onRejectedCatalog?.(error);
      if (this.lastGood) return this.lastGood.snapshot;
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `The stored catalog cannot be served: ${error.message}`,
        error.details,
        { cause: error },
      );
    }
  }
}
