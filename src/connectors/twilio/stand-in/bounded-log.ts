/** The newest `capacity` entries, oldest first: the stand-in keeps what a developer reads, no more. */
export class BoundedLog<T> {
  private readonly entries: T[] = [];

  constructor(private readonly capacity = 500) {}

  add(entry: T): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  list(): readonly T[] {
    return this.entries;
  }

  find(predicate: (entry: T) => boolean): T | undefined {
    return this.entries.find(predicate);
  }
}
