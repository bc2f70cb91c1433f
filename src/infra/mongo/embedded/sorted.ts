/**
 * An ordered multiset as a list of sorted chunks (the "sorted containers" layout): binary search
 * over the chunks' last elements, then within one chunk. Inserts and deletes splice one small
 * array (plus, rarely, the chunk list), so both stay cheap at millions of entries while range
 * walks are plain array iteration.
 */

/** Chunks split when they grow past this, so each holds between 1 and CHUNK entries. */
const CHUNK = 256;

/** A position between elements: chunk index and offset; `chunk === chunks.length` is the end. */
export interface SortedPosition {
  chunk: number;
  offset: number;
}

export class SortedList<T> {
  private readonly chunks: T[][] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Builds from items in any order (one sort, then chunking), replacing nothing. */
  static from<T>(items: T[], compare: (a: T, b: T) => number): SortedList<T> {
    const list = new SortedList<T>(compare);
    items.sort(compare);
    for (let i = 0; i < items.length; i += CHUNK / 2)
      list.chunks.push(items.slice(i, i + CHUNK / 2));
    list.count = items.length;
    return list;
  }

  /**
   * The first position whose element is not `before` it; `before` must be true for a (possibly
   * empty) leading run of elements and false for the rest.
   */
  search(before: (item: T) => boolean): SortedPosition {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as T[];
      if (before(chunk[chunk.length - 1] as T)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return { chunk: lo, offset: 0 };
    const chunk = chunks[lo] as T[];
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (before(chunk[mid] as T)) a = mid + 1;
      else b = mid;
    }
    return { chunk: lo, offset: a };
  }

  private lowerBound(item: T): SortedPosition {
    return this.search((other) => this.compare(other, item) < 0);
  }

  insert(item: T): void {
    this.count++;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([item]);
      return;
    }
    const position = this.lowerBound(item);
    if (position.chunk === chunks.length) {
      position.chunk = chunks.length - 1;
      position.offset = (chunks[position.chunk] as T[]).length;
    }
    const chunk = chunks[position.chunk] as T[];
    chunk.splice(position.offset, 0, item);
    if (chunk.length > CHUNK) chunks.splice(position.chunk + 1, 0, chunk.splice(CHUNK / 2));
  }

  /** Removes one element comparing equal to `item`; false when there is none. */
  delete(item: T): boolean {
    const position = this.lowerBound(item);
    const chunk = this.chunks[position.chunk];
    if (!chunk || this.compare(chunk[position.offset] as T, item) !== 0) return false;
    chunk.splice(position.offset, 1);
    if (chunk.length === 0) this.chunks.splice(position.chunk, 1);
    this.count--;
    return true;
  }

  /** Elements from `from` (inclusive) up to `to` (exclusive), in order. */
  *forward(from: SortedPosition, to: SortedPosition): Generator<T> {
    const chunks = this.chunks;
    for (let c = from.chunk; c < chunks.length && c <= to.chunk; c++) {
      const chunk = chunks[c] as T[];
      const end = c === to.chunk ? to.offset : chunk.length;
      for (let i = c === from.chunk ? from.offset : 0; i < end; i++) yield chunk[i] as T;
    }
  }

  /** The same elements as `forward(from, to)`, last first. */
  *backward(from: SortedPosition, to: SortedPosition): Generator<T> {
    const chunks = this.chunks;
    let c = Math.min(to.chunk, chunks.length - 1);
    for (; c >= from.chunk && c >= 0; c--) {
      const chunk = chunks[c] as T[];
      const start = c === from.chunk ? from.offset : 0;
      for (let i = (c === to.chunk ? to.offset : chunk.length) - 1; i >= start; i--)
        yield chunk[i] as T;
    }
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }
}
